"""
Writes test/conformance/cases/: each trace with its expected stdout (and stderr for malformed
ones), the expected text reasoned from the spec (reference.py) or copied from published outputs.
Run: python3 test/conformance/derive/cases.py (rewrites every case; needs util-linux hexdump).
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "cases") + "/"
FIX = os.path.join(HERE, "..", "..", "runtime-core", "fixtures", "hist") + "/"
ALL = {}

def J(o):
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False)

class Case:
    def __init__(self, name, decl, title):
        self.name, self.lines, self.out = name, ["# decl: " + decl, "# " + title], ""
        ALL[name] = self
    def c(self, text):
        self.lines.append("# " + text); return self
    def blank(self):
        self.lines.append(""); return self
    def op(self, o, expect=""):
        self.lines.append(o if isinstance(o, str) else J(o)); self.out += expect; return self
    def bad(self, o, message):
        self.lines.append(o if isinstance(o, str) else J(o))
        self.stderr = "%s.trace.jsonl:%d: %s\n" % (self.name, len(self.lines), message)
        return self

def S(arr, key, value): return {"op": "set", "array": arr, "key": key, "value": value}
def A(arr, key, value): return {"op": "add", "array": arr, "key": key, "value": value}
def G(arr, key): return {"op": "get", "array": arr, "key": key}
def H(arr, key): return {"op": "has", "array": arr, "key": key}
def D(arr, key): return {"op": "delete", "array": arr, "key": key}
def ST(arr, key, fn): return {"op": "stat", "array": arr, "key": key, "fn": fn}
def HI(arr, key, style=None):
    o = {"op": "hist", "array": arr, "key": key}
    if style: o["style"] = style
    return o
def view(o, sort, order, limit):
    if sort: o["sort"] = {"by": sort} if order is None else {"by": sort, "order": order}
    if limit is not None: o["limit"] = limit
    return o
def P(arr, sort=None, order=None, limit=None): return view({"op": "print", "array": arr}, sort, order, limit)
def JS(arr, sort=None, order=None, limit=None): return view({"op": "json", "array": arr}, sort, order, limit)
def F(arr, fmt, args, sort=None, order=None, limit=None):
    o = view({"op": "foreach", "array": arr}, sort, order, limit); o["format"] = fmt; o["args"] = args; return o
def PF(fmt, args=None):
    o = {"op": "printf", "format": fmt}
    if args is not None: o["args"] = args
    return o
def C(arr): return {"op": "counters", "array": arr}
def SZ(arr): return {"op": "size", "array": arr}
def CL(arr): return {"op": "clear", "array": arr}
def HX(data): return {"op": "hexdump", "data": data}
def ctr(s, c, d, e): return "size=%d capacity=%d dropped=%d evicted=%d\n" % (s, c, d, e)
ERR_EMPTY = "ERROR: empty aggregate\n"
def ERR_OVER(n, m): return "ERROR: Array '%s' overflow, check size limit (%d)\n" % (n, m)

# ---------------------------------------------------------------- trace.md example
c = Case("trace-md-example", "demo", "The example of spec/trace.md, verbatim.")
c.op('{"op":"set","array":"foo","key":[1],"value":10}')
c.op('{"op":"add","array":"foo","key":[1],"value":5}')
c.op('{"op":"get","array":"foo","key":[1]}', "15\n")
c.op('{"op":"add","array":"lat","key":["read"],"value":3}')
c.op('{"op":"add","array":"lat","key":["read"],"value":9}')
c.op('{"op":"foreach","array":"lat","format":"%s count=%d avg=%d\\n","args":["key1","count","avg"]}', "read count=2 avg=6\n")
c.op('{"op":"stat","array":"lat","key":["write"],"fn":"min"}', ERR_EMPTY)

# ---------------------------------------------------------------- long values
c = Case("long-basics", "kinds", "long -> long: reads never create, zero is a real entry, -0 is 0, creation order, delete and re-create, clear.")
c.op(G("ll", [1]), "0\n").op(H("ll", [1]), "0\n").op(SZ("ll"), "0\n")
c.op(S("ll", [1], 0)).op(H("ll", [1]), "1\n").op(SZ("ll"), "1\n")
c.op(A("ll", [2], -7)).op(A("ll", [2], 3)).op(G("ll", [2]), "-4\n")
c.c("-0 is the key 0; 1.0 and 1e3 are integers; \"0003\" is the long 3")
c.op('{"op":"set","array":"ll","key":[-0],"value":5}').op(G("ll", [0]), "5\n")
c.op('{"op":"set","array":"ll","key":["0003"],"value":1.0}').op(G("ll", [3]), "1\n")
c.op('{"op":"add","array":"ll","key":[3],"value":1e3}').op(G("ll", ["3"]), "1001\n")
c.op(P("ll"), "ll[1]=0\nll[2]=-4\nll[0]=5\nll[3]=1001\n")
c.op(D("ll", [2])).op(D("ll", [42])).op(SZ("ll"), "3\n")
c.c("a re-created key goes to the end; an update keeps its place")
c.op(S("ll", [2], 9)).op(S("ll", [1], 8))
c.op(P("ll"), "ll[1]=8\nll[0]=5\nll[3]=1001\nll[2]=9\n")
c.op(JS("ll"), '{"array":"ll","entries":[{"key":[1],"value":8},{"key":[0],"value":5},{"key":[3],"value":1001},{"key":[2],"value":9}]}\n')
c.op(CL("ll")).op(SZ("ll"), "0\n").op(P("ll")).op(JS("ll"), '{"array":"ll","entries":[]}\n')
c.op(F("ll", "never %d\n", ["value"]))
c.op(C("ll"), ctr(0, 2048, 0, 0))

c = Case("long-int64-extremes", "kinds", "int64 extremes as keys and values, wrapping addition, exact printing, JSON strings beyond 2^53-1.")
MIN, MAX = "-9223372036854775808", "9223372036854775807"
c.op(S("ll", [MIN], MAX)).op(A("ll", [MIN], 1)).op(G("ll", [MIN]), MIN + "\n")
c.op(A("ll", [MIN], -1)).op(G("ll", [MIN]), MAX + "\n")
c.op(S("ll", [MAX], 9007199254740991)).op(A("ll", [MAX], 1)).op(G("ll", [MAX]), "9007199254740992\n")
c.op(A("ll", [9007199254740991], MIN)).op(A("ll", [9007199254740991], MIN)).op(G("ll", ["9007199254740991"]), "0\n")
c.op(S("ll", [-9007199254740991], "-9007199254740992"))
c.op(S("ll", ["-00000000000000000000000001"], "18"))
c.op(P("ll"), "ll[%s]=%s\nll[%s]=9007199254740992\nll[9007199254740991]=0\nll[-9007199254740991]=-9007199254740992\nll[-1]=18\n" % (MIN, MAX, MAX))
c.op(JS("ll"), '{"array":"ll","entries":[{"key":["%s"],"value":"%s"},{"key":["%s"],"value":"9007199254740992"},{"key":[9007199254740991],"value":0},{"key":[-9007199254740991],"value":"-9007199254740992"},{"key":[-1],"value":18}]}\n' % (MIN, MAX, MAX))
c.c("%u and %x see the 64-bit two's complement pattern")
rows = sorted([(int(MIN), int(MAX)), (int(MAX), 2**53), (9007199254740991, 0), (-9007199254740991, -2**53), (-1, 18)])
c.op(F("ll", "%d %u %x %X\n", ["key1", "key1", "value", "value"], sort="key1"),
     "".join("%d %d %x %X\n" % (k, k & (2**64 - 1), v & (2**64 - 1), v & (2**64 - 1)) for k, v in rows))
c.op(F("ll", "%d\n", ["key1"], sort="key1", order="desc", limit=2), "%s\n9007199254740991\n" % MAX)
c.op(F("ll", "%d=%d\n", ["key1", "value"], sort="value", order="asc"),
     "".join("%d=%d\n" % kv for kv in sorted(rows, key=lambda kv: kv[1])))

# ---------------------------------------------------------------- strings
c = Case("string-values-truncation", "kinds", "long -> string with maxStringLength 8: append then truncate, never inside a character, NUL ends a string.")
c.op(S("ls", [1], "abcdefghij")).op(G("ls", [1]), "abcdefgh\n")
c.op(S("ls", [2], "abcdeé")).op(A("ls", [2], "éx")).op(G("ls", [2]), "abcdeé\n")
c.op(S("ls", [3], "€uro")).op(A("ls", [3], "€")).op(A("ls", [3], "!")).op(G("ls", [3]), "€uro!\n")
c.op('{"op":"set","array":"ls","key":[4],"value":"ab\\u0000cd"}').op(G("ls", [4]), "ab\n")
c.op('{"op":"add","array":"ls","key":[4],"value":"x\\u0000y"}').op(G("ls", [4]), "abx\n")
c.op(A("ls", [5], "new")).op(G("ls", [9]), "\n").op(H("ls", [9]), "0\n")
c.op(S("ls", [6], "😀😀😀")).op(G("ls", [6]), "😀😀\n")
c.op(S("ls", [7], "")).op(H("ls", [7]), "1\n").op(SZ("ls"), "7\n")
c.op(P("ls"), 'ls[1]="abcdefgh"\nls[2]="abcdeé"\nls[3]="€uro!"\nls[4]="abx"\nls[5]="new"\nls[6]="😀😀"\nls[7]=""\n')
c.op(JS("ls"), '{"array":"ls","entries":[{"key":[1],"value":"abcdefgh"},{"key":[2],"value":"abcdeé"},{"key":[3],"value":"€uro!"},{"key":[4],"value":"abx"},{"key":[5],"value":"new"},{"key":[6],"value":"😀😀"},{"key":[7],"value":""}]}\n')
c.op(F("ls", "[%s|%3s|%-9s|%.2s]\n", ["value", "value", "value", "value"], limit=2),
     "[abcdefgh|abcdefgh|abcdefgh |ab]\n[abcdeé|abcdeé|abcdeé  |ab]\n")

c = Case("string-keys-truncation", "kinds", "string keys with maxStringLength 4: keys equal on their first 4 bytes are one key.")
c.op(A("sl", ["abcdef"], 1)).op(A("sl", ["abcdxyz"], 1)).op(G("sl", ["abcd"]), "2\n").op(SZ("sl"), "1\n")
c.op(S("sl", ["aé€"], 5)).op(G("sl", ["aé"]), "5\n").op(H("sl", ["aéz"]), "0\n").op(H("sl", ["aé\u20ac\u20ac"]), "1\n")
c.op('{"op":"set","array":"sl","key":["x\\u0000y"],"value":7}').op(G("sl", ["x"]), "7\n").op(H("sl", ["x\u0000z"]), "1\n")
c.op(S("sl", [""], 0))
c.op(D("sl", ["abcd-whatever"])).op(SZ("sl"), "3\n")
c.op(P("sl"), 'sl["aé"]=5\nsl["x"]=7\nsl[""]=0\n')
c.op(JS("sl"), '{"array":"sl","entries":[{"key":["aé"],"value":5},{"key":["x"],"value":7},{"key":[""],"value":0}]}\n')

c = Case("string-escaping", "kinds", "Whole-array text quotes strings and escapes \\\\ \\\" \\n \\t \\r and other control bytes as octal; get prints strings as they are; JSON escapes as JSON.stringify.")
c.op(S("ss", ['q"b\\'], "line1\nline2\ttab\rcr"))
c.op(S("ss", ["\u0001\u001f\u007f"], "é\u0080~"))
c.op(P("ss"), 'ss["q\\"b\\\\"]="line1\\nline2\\ttab\\rcr"\nss["\\001\\037\\177"]="é\u0080~"\n')
c.op(G("ss", ['q"b\\']), "line1\nline2\ttab\rcr\n")
c.op(JS("ss"), '{"array":"ss","entries":[{"key":["q\\"b\\\\"],"value":"line1\\nline2\\ttab\\rcr"},{"key":["\\u0001\\u001f\u007f"],"value":"é\u0080~"}]}\n')
c.op(A("ss", ["\b\f"], "\u001b[31m"))
c.op(P("ss", limit=1, sort="value"), 'ss["\\010\\014"]="\\033[31m"\n')

c = Case("string-add-absent", "kinds", "add on a string array appends to \"\" when the key is absent; the default maxStringLength is 128 bytes.")
c.op(A("ss", ["k"], "x" * 100)).op(A("ss", ["k"], "y" * 100)).op(G("ss", ["k"]), "x" * 100 + "y" * 28 + "\n")
c.op(S("ss", ["k" * 200], "v")).op(H("ss", ["k" * 128]), "1\n").op(H("ss", ["k" * 127]), "0\n")
c.op(F("ss", "%s\n", ["key1"], limit=1), "k\n")

# ---------------------------------------------------------------- sorting
c = Case("sort-long-values", "kinds", "Sorting by value, ascending and descending, ties keep creation order in both directions, limit.")
c.c("bpftrace tests/bpftrace.cpp print_basic_map, data {1:5, 3:10, 5:4, 7:11, 9:7}, 'all' (reference/bpftrace-ebpf.md 2.2): ascending by value")
for k, v in [(1, 5), (3, 10), (5, 4), (7, 11), (9, 7)]: c.op(S("ll", [k], v))
c.op(F("ll", "[%d]: %d\n", ["key1", "value"], sort="value"), "[5]: 4\n[1]: 5\n[9]: 7\n[3]: 10\n[7]: 11\n")
c.op(F("ll", "[%d]: %d\n", ["key1", "value"], sort="value", order="desc", limit=3), "[7]: 11\n[3]: 10\n[9]: 7\n")
c.op(CL("ll"))
for k, v in [(1, 2), (2, 1), (3, 2), (4, 1), (5, 2), (6, 1)]: c.op(S("ll", [k], v))
c.op(F("ll", "%d ", ["key1"], sort="value", order="asc"), "2 4 6 1 3 5 ")
c.op(PF("\n"), "\n")
c.op(F("ll", "%d ", ["key1"], sort="value", order="desc"), "1 3 5 2 4 6 ")
c.op(PF("\n"), "\n")
c.op(F("ll", "%d ", ["key1"], sort="value", order="desc", limit=2), "1 3 ")
c.op(F("ll", "%d ", ["key1"], sort="value", limit=4), "2 4 6 1 ")
c.op(F("ll", "%d ", ["key1"], limit=100), "1 2 3 4 5 6 ")
c.op(PF("\n"), "\n")
c.c("sorting returns a view: storage order is unchanged")
c.op(P("ll", sort="value", order="desc", limit=1), "ll[1]=2\n")
c.op(P("ll"), "".join("ll[%d]=%d\n" % kv for kv in [(1, 2), (2, 1), (3, 2), (4, 1), (5, 2), (6, 1)]))
c.op(JS("ll", sort="key1", order="desc", limit=2), '{"array":"ll","entries":[{"key":[6],"value":1},{"key":[5],"value":2}]}\n')

c = Case("sort-strings-bytewise", "kinds", "Strings sort bytewise (UTF-8 order): U+1F600 sorts after U+FF5E, unlike UTF-16 order; a prefix sorts first.")
vals = ["b", "a", "é", "Z", "😀", "～", "ab", ""]
for i, v in enumerate(vals): c.op(S("ss", [v], "v%d" % i))
order = sorted(vals, key=lambda s: s.encode())
c.op(F("ss", "<%s>", ["key1"], sort="key1"), "".join("<%s>" % s for s in order))
c.op(PF("\n"), "\n")
c.op(F("ss", "<%s>", ["key1"], sort="key1", order="desc"), "".join("<%s>" % s for s in reversed(order)))
c.op(PF("\n"), "\n")
c.op(F("ss", "%s=%s\n", ["value", "key1"], sort="value", order="desc", limit=3), "v7=\nv6=ab\nv5=～\n")

c = Case("sort-mixed-keys", "kinds", "(string, long) keys: sort by key1 (bytewise) or key2 (signed int64), ties in creation order.")
data = [("b", 2, 10), ("a", -1, 20), ("b", -5, 30), ("a", 7, 40), ("c", 2, 50)]
for a, b, v in data: c.op(S("sk", [a, b], v))
c.op(F("sk", "%s,%d=%d\n", ["key1", "key2", "value"], sort="key1"),
     "".join("%s,%d=%d\n" % t for t in sorted(data, key=lambda t: t[0])))
c.op(F("sk", "%s,%d=%d\n", ["key1", "key2", "value"], sort="key1", order="desc"),
     "".join("%s,%d=%d\n" % t for t in [data[4], data[0], data[2], data[1], data[3]]))
c.op(F("sk", "%s,%d\n", ["key1", "key2"], sort="key2"), "b,-5\na,-1\nb,2\nc,2\na,7\n")
c.op(F("sk", "%s,%d\n", ["key1", "key2"], sort="key2", order="desc"), "a,7\nb,2\nc,2\na,-1\nb,-5\n")
c.op(P("sk", sort="key2", limit=1), 'sk["b",-5]=30\n')
c.op(JS("sk", sort="value", order="desc", limit=2), '{"array":"sk","entries":[{"key":["c",2],"value":50},{"key":["a",7],"value":40}]}\n')

c = Case("sort-nine-keys", "kinds", "Nine key fields: sorting by each of key1..key9.")
E = [([3, "b", 1, "c", 2, "a", 3, "b", 1], 100), ([1, "c", 2, "a", 3, "b", 1, "c", 2], 200), ([2, "a", 3, "b", 1, "c", 2, "a", 3], 300)]
for k, v in E: c.op(S("k9", k, v))
for i in range(9):
    order = sorted(E, key=lambda e: e[0][i])
    c.op(F("k9", "%d ", ["value"], sort="key%d" % (i + 1)), "".join("%d " % v for _, v in order))
    c.op(F("k9", "%d ", ["value"], sort="key%d" % (i + 1), order="desc"), "".join("%d " % v for _, v in reversed(order)))
    c.op(PF("\n"), "\n")
c.op(P("k9", limit=1), 'k9[3,"b",1,"c",2,"a",3,"b",1]=100\n')
c.op(F("k9", "%d%s%d%s%d%s%d%s%d\n", ["key1", "key2", "key3", "key4", "key5", "key6", "key7", "key8", "key9"], sort="key9", order="desc", limit=1), "2a3b1c2a3\n")
c.op(JS("k9", limit=1), '{"array":"k9","entries":[{"key":[3,"b",1,"c",2,"a",3,"b",1],"value":100}]}\n')

# ---------------------------------------------------------------- stats
c = Case("stats-basics", "kinds", "Stats with every aggregate and a log2 histogram: stat, absent entries, print, JSON, both histogram styles.")
st = {"read": Stats("log2"), "write": Stats("log2")}
for k, v in [("read", 3), ("read", 9), ("write", -7), ("write", 0)]:
    c.op(A("st", [k], v)); st[k].add(v)
for k in ["read", "write"]:
    for fn in ["count", "sum", "min", "max", "avg", "variance"]:
        c.op(ST("st", [k], fn), "%d\n" % getattr(st[k], fn))
c.c("an absent entry: count and sum read 0, the rest raise empty aggregate; reading creates nothing")
c.op(ST("st", ["none"], "count"), "0\n").op(ST("st", ["none"], "sum"), "0\n")
for fn in ["min", "max", "avg", "variance"]: c.op(ST("st", ["none"], fn), ERR_EMPTY)
c.op(HI("st", ["none"]), ERR_EMPTY).op(HI("st", ["none"], "bpftrace"), ERR_EMPTY)
c.op(H("st", ["none"]), "0\n").op(SZ("st"), "2\n")
c.op(P("st"), 'st["read"] @count=2 @min=3 @max=9 @sum=12 @avg=6\nst["write"] @count=2 @min=-7 @max=0 @sum=-7 @avg=-3\n')
c.op(JS("st"), '{"array":"st","entries":[' + ",".join(
    '{"key":["%s"],"value":{"count":%d,"sum":%d,"min":%d,"max":%d,"avg":%d,"variance":%d,"hist":%s}}' % (
        k, s.count, s.sum, s.min, s.max, s.avg, s.variance, hist_json("log2", s.counts)) for k, s in st.items()) + "]}\n")
c.op(HI("st", ["write"]), stap_hist("log2", st["write"].counts))
c.op(HI("st", ["write"], "bpftrace"), bpf_hist("log2", st["write"].counts))
c.op(HI("st", ["read"], "systemtap"), stap_hist("log2", st["read"].counts))
c.op(HI("st", ["read"], "bpftrace"), bpf_hist("log2", st["read"].counts))
c.c("deleting an entry makes it absent again (SystemTap ix_clear: @count 0, then @min is an error)")
c.op(D("st", ["read"])).op(ST("st", ["read"], "count"), "0\n").op(ST("st", ["read"], "min"), ERR_EMPTY)
c.op(A("st", ["read"], 100)).op(ST("st", ["read"], "variance"), "0\n").op(ST("st", ["read"], "avg"), "100\n")
c.op(F("st", "%s ", ["key1"]), "write read ")
c.op(PF("\n"), "\n")

c = Case("stats-sort-aggregates", "kinds", "Sorting a stats array by each aggregate, ascending and descending, ties in creation order, limit; foreach over every aggregate.")
st = {k: Stats("log2") for k in "abcd"}
for k, v in [("a", 5), ("b", 1), ("c", 10), ("a", 5), ("b", 9), ("d", -4), ("b", 2), ("d", 4)]:
    c.op(A("st", [k], v)); st[k].add(v)
def order_by(fn, desc):
    keys = list(st)  # creation order a b c d
    return sorted(keys, key=lambda k: -getattr(st[k], fn) if desc else getattr(st[k], fn))
for fn in ["count", "sum", "min", "max", "avg", "variance"]:
    c.op(F("st", "%s", ["key1"], sort=fn), "".join(order_by(fn, False)))
    c.op(F("st", " %s", ["key1"], sort=fn, order="desc"), "".join(" " + k for k in order_by(fn, True)))
    c.op(PF(" (%s)\n", [fn]), " (%s)\n" % fn)
c.op(F("st", "%s\n", ["key1"], sort="count", order="desc", limit=2), "b\na\n")
c.op(F("st", "%s %d %d %d %d %d %d\n", ["key1", "count", "sum", "min", "max", "avg", "variance"]),
     "".join("%s %d %d %d %d %d %d\n" % (k, s.count, s.sum, s.min, s.max, s.avg, s.variance) for k, s in st.items()))
c.op(P("st", sort="variance", order="desc", limit=1), 'st["d"] @count=2 @min=-4 @max=4 @sum=0 @avg=0\n')
c.op(JS("st", sort="max", limit=1), '{"array":"st","entries":[{"key":["d"],"value":{"count":2,"sum":0,"min":-4,"max":4,"avg":0,"variance":32,"hist":%s}}]}\n' % hist_json("log2", st["d"].counts))

c = Case("stats-aggregate-subsets", "kinds", "Only the declared aggregates (plus what avg and variance imply) are stored, printed and exported.")
c.op(A("cs", [1], 5)).op(A("cs", [1], 7)).op(ST("cs", [1], "count"), "2\n").op(ST("cs", [1], "sum"), "12\n")
c.op(P("cs"), "cs[1] @count=2 @sum=12\n").op(JS("cs"), '{"array":"cs","entries":[{"key":[1],"value":{"count":2,"sum":12}}]}\n')
c.op(A("bare", [1], 3)).op(A("bare", [1], 0))
c.op(P("bare"), "bare[1]\n").op(JS("bare"), '{"array":"bare","entries":[{"key":[1],"value":{"hist":[{"min":0,"max":0,"count":1},{"min":1,"max":1,"count":0},{"min":2,"max":3,"count":1}]}}]}\n')
c.op(HI("bare", [1]), stap_hist("log2", {64: 1, 66: 1})).op(HI("bare", [2]), ERR_EMPTY)
c.op(A("mm", [1], -3)).op(A("mm", [1], 8)).op(ST("mm", [1], "min"), "-3\n").op(ST("mm", [1], "max"), "8\n").op(ST("mm", [2], "max"), ERR_EMPTY)
c.op(P("mm"), "mm[1] @min=-3 @max=8\n").op(JS("mm"), '{"array":"mm","entries":[{"key":[1],"value":{"min":-3,"max":8}}]}\n')
c.op(A("av", [1], -7)).op(A("av", [1], 0)).op(ST("av", [1], "avg"), "-3\n").op(ST("av", [1], "count"), "2\n")
c.op(P("av"), "av[1] @count=2 @sum=-7 @avg=-3\n").op(JS("av"), '{"array":"av","entries":[{"key":[1],"value":{"count":2,"sum":-7,"avg":-3}}]}\n')
va = Stats(); [va.add(v) for v in [1, 2, 4]]
c.op(A("va", [1], 1)).op(A("va", [1], 2)).op(A("va", [1], 4)).op(ST("va", [1], "variance"), "%d\n" % va.variance)
c.op(P("va"), "va[1] @count=3\n").op(JS("va"), '{"array":"va","entries":[{"key":[1],"value":{"count":3,"variance":%d}}]}\n' % va.variance)
c.op(F("va", "%d %d\n", ["count", "variance"], sort="variance"), "3 %d\n" % va.variance)

c = Case("stats-int64-extremes", "kinds", "Stats at the int64 edges: wrapping sum, avg of the wrapped sum, variance saturating at INT64_MAX, log2 buckets 0 and 127, exact JSON.")
s1 = Stats("log2"); s2 = Stats("log2"); s3 = Stats("log2")
for v in [MAX, MAX]: c.op(A("st", ["max"], v)); s1.add(int(v))
for v in [MIN, MAX]: c.op(A("st", ["both"], v)); s2.add(int(v))
for v in [MIN, 0, MAX]: c.op(A("st", ["three"], v)); s3.add(int(v))
for name, s in [("max", s1), ("both", s2), ("three", s3)]:
    for fn in ["count", "sum", "min", "max", "avg", "variance"]:
        c.op(ST("st", [name], fn), "%d\n" % getattr(s, fn))
c.op(JS("st", limit=2), '{"array":"st","entries":[' + ",".join(
    '{"key":["%s"],"value":{"count":%d,"sum":%s,"min":%s,"max":%s,"avg":%s,"variance":%s,"hist":%s}}' % (
        k, s.count, jlong(s.sum), jlong(s.min), jlong(s.max), jlong(s.avg), jlong(s.variance), hist_json("log2", s.counts))
    for k, s in [("max", s1), ("both", s2)]) + "]}\n")
c.op(HI("st", ["three"]), stap_hist("log2", s3.counts))
c.op(HI("st", ["three"], "bpftrace"), bpf_hist("log2", s3.counts))
c.op(P("st", sort="sum"), "".join('st["%s"] @count=%d @min=%d @max=%d @sum=%d @avg=%d\n' % (k, s.count, s.min, s.max, s.sum, s.avg)
     for k, s in sorted([("max", s1), ("both", s2), ("three", s3)], key=lambda t: t[1].sum)))

c = Case("stats-variance-welford", "kinds", "Variance is Welford's method in doubles, truncated (semantics.md), on numbers and on longs beyond 2^53.")
sets = {"small": [2, 4, 4, 4, 5, 5, 7, 9], "neg": [-1, -2, -3, -4, -100], "big": ["9007199254740993", "9007199254740995", "9007199254741000"], "one": [42], "mix": [0, 1000000007, -3, 99999]}
for k, vs in sets.items():
    s = Stats("log2")
    for v in vs: c.op(A("st", [k], v)); s.add(int(v))
    c.op(ST("st", [k], "variance"), "%d\n" % s.variance)
    c.op(ST("st", [k], "avg"), "%d\n" % s.avg)

c = Case("stats-linear-histogram", "kinds", "Linear histogram {0, 100, 10}: underflow, regular buckets (stop has one), overflow; elision; both styles; JSON bounds.")
s = Stats(Linear(0, 100, 10))
for v in [-5, 0, 15, 15, 100, 110, 1000, 9, 10, 109]:
    c.op(A("lin", [1], v)); s.add(v)
c.op(HI("lin", [1]), stap_hist(s.hist, s.counts)).op(HI("lin", [1], "bpftrace"), bpf_hist(s.hist, s.counts))
s2 = Stats(Linear(0, 100, 10))
for v in [55]: c.op(A("lin", [2], v)); s2.add(v)
c.op(HI("lin", [2]), stap_hist(s2.hist, s2.counts)).op(HI("lin", [2], "bpftrace"), bpf_hist(s2.hist, s2.counts))
s3 = Stats(Linear(0, 100, 10))
for v in [MIN, MAX, -1, 110]: c.op(A("lin", [3], v)); s3.add(int(v))
c.op(HI("lin", [3]), stap_hist(s3.hist, s3.counts)).op(HI("lin", [3], "bpftrace"), bpf_hist(s3.hist, s3.counts))
c.op(JS("lin"), '{"array":"lin","entries":[' + ",".join(
    '{"key":[%d],"value":{"count":%d,"sum":%s,"min":%s,"max":%s,"avg":%s,"variance":%s,"hist":%s}}' % (
        k, x.count, jlong(x.sum), jlong(x.min), jlong(x.max), jlong(x.avg), jlong(x.variance), hist_json(x.hist, x.counts))
    for k, x in [(1, s), (2, s2), (3, s3)]) + "]}\n")

# ---------------------------------------------------------------- printf
c = Case("printf-directives", "kinds", "printf with literal arguments: every conversion, flags, width, precision, *, C semantics on int64.")
c.op(PF("%d|%i|%5d|%-5d|%05d|%+d|% d|%+d\n", [42, 42, 42, 42, 42, 42, 42, -42]), "42|42|   42|42   |00042|+42| 42|-42\n")
c.op(PF("%u %x %X %o %#x %#X %#o\n", [-1, 255, 255, 8, 255, 255, 8]), "18446744073709551615 ff FF 10 0xff 0XFF 010\n")
c.op(PF("%o %x\n", [-1, -2]), "1777777777777777777777 fffffffffffffffe\n")
c.op(PF("[%c%c%c]\n", [65, 322, 10]), "[AB\n]\n")
c.op(PF("[%c%c][%3c][%-3c][%03c]\n", [195, 169, 120, 120, 120]), "[é][  x][x  ][  x]\n")
c.op(PF("%c\n", [128]), "\ufffd\n")
c.op(PF("%s|%5s|%-5s|%.2s|%05s|%.0s|\n", ["abc"] * 6), "abc|  abc|abc  |ab|  abc||\n")
c.op(PF("[%.1s][%.2s][%4s][%-4s]\n", ["é", "é", "é", "é"]), "[][é][  é][é  ]\n")
c.op(PF("%p %p %10p %-10p| %010p\n", [0, 255, 255, 255, 255]), "0x0 0xff       0xff 0xff      | 0x000000ff\n")
c.op(PF("%*d|%-*d|%.*d|%*d\n", [6, 7, 6, 7, 3, 7, -4, 7]), "     7|7     |007|7   \n")
c.op(PF("%.3d|%.0d|%#o|%#x|%5.3d|%-+5d|\n", [5, 0, 0, 0, -5, 3]), "005||0|0| -005|+3   |\n")
c.op(PF("%08.3d|%-08d|% 05d|%+05d\n", [5, 5, -5, 5]), "     005|5       |-0005|+0005\n")
c.op(PF("100%%, no args\n"), "100%, no args\n")
c.op(PF("%s and %s\n", ["", "tab\there"]), " and tab\there\n")
c.op(PF("%d %d\n", [9007199254740991, -9007199254740991]), "9007199254740991 -9007199254740991\n")
c.op(PF("%s\n", ["a\u0000b"]), "a\n")
c.op(PF("", []))
c.op(PF("%x %X %o %u\n", [0, 0, 0, 0]), "0 0 0 0\n")

# ---------------------------------------------------------------- policies
c = Case("policy-fail", "policies", "onFull fail: a new key into a full array is refused with the overflow error and changes nothing; updates still work.")
for k in [1, 2, 3]: c.op(S("pfail", [k], k))
c.op(S("pfail", [4], 4), ERR_OVER("pfail", 3)).op(A("pfail", [4], 1), ERR_OVER("pfail", 3))
c.op(S("pfail", [1], 10)).op(A("pfail", [3], 1)).op(G("pfail", [4]), "0\n").op(H("pfail", [4]), "0\n")
c.op(C("pfail"), ctr(3, 3, 0, 0))
c.op(D("pfail", [2])).op(S("pfail", [4], 4))
c.op(P("pfail"), "pfail[1]=10\npfail[3]=4\npfail[4]=4\n")
c.op(S("pfail", [5], 5), ERR_OVER("pfail", 3)).op(C("pfail"), ctr(3, 3, 0, 0))
c.op(A("sfail", [1], 5)).op(A("sfail", [2], 5), ERR_OVER("sfail", 1)).op(A("sfail", [1], 6)).op(ST("sfail", [1], "count"), "2\n")
c.op(ST("sfail", [2], "count"), "0\n").op(C("sfail"), ctr(1, 1, 0, 0))

c = Case("policy-wrap", "policies", "onFull wrap: the oldest-created entry is evicted (FIFO, updates do not move it); evictions are counted.")
for k in [1, 2, 3]: c.op(S("pwrap", [k], k))
c.op(S("pwrap", [1], 10)).op(G("pwrap", [1]), "10\n").op(S("pwrap", [4], 4))
c.op(P("pwrap"), "pwrap[2]=2\npwrap[3]=3\npwrap[4]=4\n").op(C("pwrap"), ctr(3, 3, 0, 1))
c.op(A("pwrap", [5], 5)).op(P("pwrap"), "pwrap[3]=3\npwrap[4]=4\npwrap[5]=5\n").op(C("pwrap"), ctr(3, 3, 0, 2))
c.op(D("pwrap", [4])).op(S("pwrap", [6], 6)).op(C("pwrap"), ctr(3, 3, 0, 2)).op(S("pwrap", [7], 7))
c.op(P("pwrap"), "pwrap[5]=5\npwrap[6]=6\npwrap[7]=7\n").op(C("pwrap"), ctr(3, 3, 0, 3))
c.op(A("swrap", ["a"], 1)).op(A("swrap", ["b"], 2)).op(A("swrap", ["a"], 3)).op(A("swrap", ["c"], 4))
c.op(P("swrap"), 'swrap["b"] @count=1 @sum=2\nswrap["c"] @count=1 @sum=4\n').op(ST("swrap", ["a"], "count"), "0\n").op(C("swrap"), ctr(2, 2, 0, 1))
c.op(CL("swrap")).op(C("swrap"), ctr(0, 2, 0, 1))

c = Case("policy-drop", "policies", "onFull drop: the new key is ignored and counted; counters are cumulative across clear.")
for k in [1, 2, 3]: c.op(S("pdrop", [k], k))
c.op(S("pdrop", [4], 4)).op(A("pdrop", [5], 5)).op(S("pdrop", [1], 11)).op(G("pdrop", [4]), "0\n").op(SZ("pdrop"), "3\n")
c.op(C("pdrop"), ctr(3, 3, 2, 0)).op(P("pdrop"), "pdrop[1]=11\npdrop[2]=2\npdrop[3]=3\n")
c.op(CL("pdrop")).op(C("pdrop"), ctr(0, 3, 2, 0)).op(S("pdrop", [4], 4)).op(C("pdrop"), ctr(1, 3, 2, 0))
c.op(S("sdrop", ["a"], "x")).op(S("sdrop", ["b"], "y")).op(S("sdrop", ["c"], "z")).op(A("sdrop", ["d"], "w")).op(A("sdrop", ["a"], "!"))
c.op(P("sdrop"), 'sdrop["a"]="x!"\nsdrop["b"]="y"\n').op(C("sdrop"), ctr(2, 2, 2, 0))

c = Case("policy-lru", "policies", "onFull lru: exactly the least recently used entry is evicted; set, add, get, stat and hist are uses; has, print, foreach and json are not.")
for k in [1, 2, 3]: c.op(S("plru", [k], k))
c.op(G("plru", [1]), "1\n").op(H("plru", [2]), "1\n").op(P("plru"), "plru[1]=1\nplru[2]=2\nplru[3]=3\n")
c.op(S("plru", [4], 4)).op(P("plru"), "plru[1]=1\nplru[3]=3\nplru[4]=4\n").op(C("plru"), ctr(3, 3, 0, 1))
c.op(A("plru", [3], 1)).op(F("plru", "%d ", ["key1"]), "1 3 4 ").op(JS("plru"), '{"array":"plru","entries":[{"key":[1],"value":1},{"key":[3],"value":4},{"key":[4],"value":4}]}\n')
c.op(S("plru", [5], 5)).op(P("plru"), "plru[3]=4\nplru[4]=4\nplru[5]=5\n").op(C("plru"), ctr(3, 3, 0, 2))
c.op(G("plru", [9]), "0\n").op(S("plru", [6], 6)).op(P("plru"), "plru[3]=4\nplru[5]=5\nplru[6]=6\n")
c.op(A("slru", [1], 1)).op(A("slru", [2], 2)).op(ST("slru", [1], "count"), "1\n").op(A("slru", [3], 3))
c.op(P("slru"), "slru[1] @count=1 @min=1 @max=1 @sum=1 @avg=1\nslru[3] @count=1 @min=3 @max=3 @sum=3 @avg=3\n")
c.op(HI("slru", [1]), stap_hist("log2", {65: 1})).op(A("slru", [4], 4)).op(F("slru", "%d\n", ["key1"]), "1\n4\n").op(C("slru"), ctr(2, 2, 0, 2))

c = Case("policy-grow", "policies", "onFull grow: capacity doubles, clamped to growLimit (3 -> 6 -> 10), then behaves as fail naming growLimit; clear keeps the grown capacity.")
c.op(C("pgrow"), ctr(0, 3, 0, 0))
for k in [1, 2, 3]: c.op(S("pgrow", [k], k))
c.op(C("pgrow"), ctr(3, 3, 0, 0)).op(S("pgrow", [4], 4)).op(C("pgrow"), ctr(4, 6, 0, 0))
for k in [5, 6]: c.op(S("pgrow", [k], k))
c.op(C("pgrow"), ctr(6, 6, 0, 0)).op(A("pgrow", [7], 7)).op(C("pgrow"), ctr(7, 10, 0, 0))
for k in [8, 9, 10]: c.op(S("pgrow", [k], k))
c.op(S("pgrow", [11], 11), ERR_OVER("pgrow", 10)).op(S("pgrow", [10], 100)).op(C("pgrow"), ctr(10, 10, 0, 0))
c.op(F("pgrow", "%d ", ["key1"], sort="value", order="desc", limit=3), "10 9 8 ").op(PF("\n"), "\n")
c.op(CL("pgrow")).op(C("pgrow"), ctr(0, 10, 0, 0))
for k in [1, 2, 3]: c.op(S("pgrowu", [k], k))
c.op(C("pgrowu"), ctr(3, 4, 0, 0)).op(S("pgrowu", [4], 4)).op(S("pgrowu", [5], 5)).op(C("pgrowu"), ctr(5, 8, 0, 0))
c.op(A("sgrow", [1, "a"], 1)).op(A("sgrow", [2, "b"], 1)).op(C("sgrow"), ctr(2, 2, 0, 0)).op(A("sgrow", [3, "c"], 1)).op(C("sgrow"), ctr(3, 3, 0, 0))
c.op(A("sgrow", [4, "d"], 1), ERR_OVER("sgrow", 3)).op(P("sgrow"), 'sgrow[1,"a"] @count=1\nsgrow[2,"b"] @count=1\nsgrow[3,"c"] @count=1\n')

# ---------------------------------------------------------------- hexdump
c = Case("hexdump", "kinds", "hexdump prints what util-linux `hexdump -C` prints for the same bytes (expected output produced by hexdump -C); more than 4096 bytes is an error.")
for data in [b"", b"Hello, world!\n", bytes(range(16)), bytes(range(17)), b"A" * 48 + b"B", bytes(range(256)), b"\x00" * 4096]:
    c.op(HX(data.hex()), hexdump_c(data))
c.op(HX("DEADbeef"), hexdump_c(bytes.fromhex("deadbeef")))
c.op(HX("00" * 4097), "ERROR: 4097 is too many bytes for a memory dump\n")
c.op(HX("ff" * 33 + "00"), hexdump_c(b"\xff" * 33 + b"\x00"))

# ---------------------------------------------------------------- published outputs
c = Case("published-stap-displays", "published", "SystemTap whole-array displays and aggregates quoted in reference/systemtap-runtime.md.")
c.c("map_wrap (systemtap.maps/map_wrap1.stp): global foo%[5], foo[i] = i for i in 0..9 keeps keys 5..9; the end-of-run display sorts by value, descending (section 2.6, 2.12: foo[9]=9)")
for i in range(10): c.op(S("foo", [i], i))
c.op(P("foo", sort="value", order="desc"), "foo[9]=9\nfoo[8]=8\nfoo[7]=7\nfoo[6]=6\nfoo[5]=5\n")
c.op(C("foo"), ctr(5, 5, 0, 5))
c.c('global_end auto-display example alpha["two",2]=4 (section 2.12)')
c.op(S("alpha", ["two", 2], 4)).op(P("alpha"), 'alpha["two",2]=4\n')
c.c('map_hash_interprocess (section 7): array["foo",42] = 0x123456789abcdef printed as array["foo", 42]: 0x123456789abcdef')
c.op(S("alpha", ["foo", 42], str(0x123456789abcdef))).op(F("alpha", 'array["%s", %d]: %p\n', ["key1", "key2", "value"], sort="key1", limit=1), 'array["foo", 42]: 0x123456789abcdef\n')
c.c("ix (systemtap.maps/ix.exp, section 3.2): samples 100, 0, -2 give avg 32; a 4th sample 10 gives avg 27")
for v in [100, 0, -2]: c.op(A("ix", [0], v))
c.op(ST("ix", [0], "count"), "3\n").op(ST("ix", [0], "sum"), "98\n").op(ST("ix", [0], "avg"), "32\n").op(ST("ix", [0], "min"), "-2\n").op(ST("ix", [0], "max"), "100\n")
ix = Stats(); [ix.add(v) for v in [100, 0, -2]]
c.c("SystemTap prints variance 3410 here (integer Welford); semantics.md computes it in doubles on purpose: %d" % ix.variance)
c.op(ST("ix", [0], "variance"), "%d\n" % ix.variance)
c.op(A("ix", [0], 10)).op(ST("ix", [0], "avg"), "27\n")
ix.add(10)
c.c("SystemTap: 2411; ours: %d" % ix.variance)
c.op(ST("ix", [0], "variance"), "%d\n" % ix.variance)
c.c("auto-display of a stats global (section 2.12): phi @count=4 @min=1 @max=4 @sum=10 @avg=2")
for v in [1, 2, 3, 4]: c.op(A("ix", [7], v))
c.op(F("ix", "phi @count=%d @min=%d @max=%d @sum=%d @avg=%d\n", ["count", "min", "max", "sum", "avg"], sort="key1", order="desc", limit=1), "phi @count=4 @min=1 @max=4 @sum=10 @avg=2\n")
c.op(P("ix", sort="key1", order="desc"), "ix[7] @count=4 @min=1 @max=4 @sum=10 @avg=2\nix[0] @count=4 @min=-2 @max=100 @sum=108 @avg=27\n")
c.c("absentstats / ix_clear3 (section 3.3): an absent entry reads count 0 and sum 0; the other aggregates are empty-aggregate errors")
c.op(ST("ix", [5], "count"), "0\n").op(ST("ix", [5], "sum"), "0\n")
for fn in ["min", "max", "avg", "variance"]: c.op(ST("ix", [5], fn), ERR_EMPTY)
c.c("ix_clear (section 3.3): after delete, @count is 0 and @min is an error")
c.op(D("ix", [7])).op(ST("ix", [7], "count"), "0\n").op(ST("ix", [7], "min"), ERR_EMPTY)

c = Case("published-semantics-examples", "published", "The JSON and text examples of spec/semantics.md.")
c.c('semantics.md "JSON": the line for lat[("read",200)] with samples 3 and 9')
c.op(A("lat", ["read", 200], 3)).op(A("lat", ["read", 200], 9))
c.op(JS("lat"), '{"array":"lat","entries":[{"key":["read",200],"value":{"count":2,"sum":12,"min":3,"max":9,"avg":6,"variance":18,"hist":[{"min":2,"max":3,"count":1},{"min":4,"max":7,"count":0},{"min":8,"max":15,"count":1}]}}]}\n')
c.c('semantics.md "Printing a whole array": NAME["read"] @count=2 @sum=12, and with no aggregates just NAME["read"]')
c.op(A("cnt", ["read"], 3)).op(A("cnt", ["read"], 9)).op(P("cnt"), 'cnt["read"] @count=2 @sum=12\n')
c.op(A("nothing", ["read"], 3)).op(P("nothing"), 'nothing["read"]\n')
c.c('semantics.md "JSON": an empty array')
c.op(JS("alpha"), '{"array":"alpha","entries":[]}\n')
c.c("semantics.md: the log2 example (samples 0..127, one each)")
for v in range(128): c.op(A("log", [1], v))
c.op(HI("log", [1]), open(FIX + "semantics-log2-0-127.txt").read())

def published_hist(case, arr, key, samples, fixture, style, comment):
    case.c(comment)
    for v in samples: case.op(A(arr, [key], v))
    case.op(HI(arr, [key], style), open(FIX + fixture).read())

c = Case("published-stap-histograms", "published", "SystemTap histogram blocks quoted in reference/systemtap-runtime.md 3.5 (copied from test/runtime-core/fixtures/hist, with the final blank line SystemTap prints).")
published_hist(c, "log", 2, range(128), "stap-ix_hist-key1.txt", "systemtap", "ix_hist.exp, first histogram (key 1: i*j for j in 0..127)")
published_hist(c, "l0_1500", 1, [444, 999], "stap-linear_nearlyempty.txt", "systemtap", "linear_nearlyempty.exp: @hist_linear(agg, 0, 1500, 50) of 444, 999")
published_hist(c, "lneg", 1, [-1000000001, -1000000000, -999999999, -950000000, -900000001, -500000000, -500000000, -450000000, -400000001, -499999999, -100000000, -1, 0],
               "stap-linear_large_neg.txt", "systemtap", "linear_large_neg.exp: @hist_linear(agg, -1000000000, 0, 100000000); the .exp shows counts only, these samples give them")
published_hist(c, "log", 3, [-1, 1], "stap-log_edge.txt", "systemtap", "log_edge.exp, values -1 and 1")
c.c("log (section 7): one sample at every power of two, positive and negative, INT64_MIN and 20 zeros: all 128 rows, header width 20 (rows derived from semantics.md; the .exp is not quoted)")
lg = Stats("log2")
for v in [1 << p for p in range(63)] + [-(1 << p) for p in range(63)] + [INT64_MIN] + [0] * 20:
    c.op(A("log", [8], v if -(2**53 - 1) <= v <= 2**53 - 1 else str(v))); lg.add(v)
c.op(HI("log", [8]), stap_hist("log2", lg.counts))
c.c("ix_hist, key 2 (samples 2*j for j in 0..255): the scale grows once a bucket exceeds 50 (derived from semantics.md; only key 1 is quoted)")
k2 = Stats("log2")
for j in range(256): c.op(A("log", [9], 2 * j)); k2.add(2 * j)
c.op(HI("log", [9]), stap_hist("log2", k2.counts))
c.c("hist_in_string (section 7): @hist_linear(l, 0, 0, 1) of 128 zeros is one row, 0 |@ x 42 128 (scale 3)")
for _ in range(128): c.op(A("l000", [1], 0))
c.op(HI("l000", [1]), "value |" + "-" * 50 + " count\n    0 |" + "@" * 42 + "128".rjust(12) + "\n\n")
c.c("linear_over (section 7): every sample above the range prints rows 90, 100, >100 with a full bar")
for _ in range(50): c.op(A("l0_100", [1], 5000))
c.op(HI("l0_100", [1]), "value |" + "-" * 50 + " count\n   90 |" + "0".rjust(53) + "\n  100 |" + "0".rjust(53) + "\n >100 |" + "@" * 50 + " 50\n\n")
c.c("linear_under (section 7): samples 0..99 below 1800..2500 print rows <1800, 1800, 1900")
for v in range(100): c.op(A("l1800", [1], v))
c.op(HI("l1800", [1]), "value |" + "-" * 50 + " count\n<1800 |" + "@" * 50 + "100".rjust(4) + "\n 1800 |" + "0".rjust(54) + "\n 1900 |" + "0".rjust(54) + "\n\n")

c = Case("published-stap-overunder", "published", "linear_overunder.exp (reference/systemtap-runtime.md 3.5): @hist_linear(agg, 250, 1000, 50), both < and > rows, scale 14; the .exp shows bucket counts, one sample per count here.")
counts = [680, 94, 79, 79, 65, 67, 55, 54, 51, 45, 41, 40, 34, 33, 31, 27, 23, 102]
for i, n in enumerate(counts):
    v = 100 if i == 0 else (2000 if i == len(counts) - 1 else 250 + (i - 1) * 50 + 7)
    for _ in range(n): c.op(A("l250", [1], v))
c.op(HI("l250", [1]), open(FIX + "stap-linear_overunder.txt").read())

c = Case("published-bpftrace", "published", "bpftrace outputs quoted in reference/bpftrace-ebpf.md 2.1-2.3.")
published_hist(c, "log", 4, [-1, 2, 3, 7, 20], "bpftrace-hist.txt", "bpftrace", "tests/runtime/outputs/hist.txt: hist(-1), hist(2), hist(3), hist(7), hist(20), without the @: line")
published_hist(c, "lh2", 1, [2, 3, 7, -1, 11], "bpftrace-lhist.txt", "bpftrace", "tests/runtime/outputs/lhist.txt: lhist(v, 0, 10, 2) of 2, 3, 7, -1, 11 (declared {start: 0, stop: 8, interval: 2})")
FULL = "@" * 52
def brow(h, n, bar): return h.ljust(16) + str(n).rjust(8) + " |" + bar.ljust(52) + "|\n"
c.c("tests/output.cpp: lhist(..., 0, 5120, 1024) labels [0, 1K), [1K, 2K) ... [4K, 5K)")
for v in [0, 1024, 2048, 3072, 4096 + 1023]: c.op(A("lhk", [1], v))
c.op(HI("lhk", [1], "bpftrace"), "".join(brow(h, 1, FULL) for h in ["[0, 1K)", "[1K, 2K)", "[2K, 3K)", "[3K, 4K)", "[4K, 5K)"]) + "\n")
c.c("tests/output.cpp: lhist(..., 610000, 670000, 10000) labels [610000, 620000) ... (no suffix: 10000 % 1024 != 0)")
for v in [610000, 669999]: c.op(A("lh610", [1], v))
c.op(HI("lh610", [1], "bpftrace"), "".join(brow("[%d, %d)" % (lo, lo + 10000), 1 if lo in (610000, 660000) else 0, FULL if lo in (610000, 660000) else "") for lo in range(610000, 670000, 10000)) + "\n")
c.c("tests/output.cpp: overflow-only [100, ...)             1 |@...@| and underflow-only (..., 10)              1 |@...@|")
c.op(A("lh10", [1], 150)).op(HI("lh10", [1], "bpftrace"), "[100, ...)             1 |" + FULL + "|\n\n")
c.op(A("lh10", [2], 5)).op(HI("lh10", [2], "bpftrace"), "(..., 10)              1 |" + FULL + "|\n\n")
c.c("PR #1911: hist(1023), hist(1025), hist(2049) -> [512, 1K), [1K, 2K), [2K, 4K), each 1")
for v in [1023, 1025, 2049]: c.op(A("log", [5], v))
c.op(HI("log", [5], "bpftrace"), brow("[512, 1K)", 1, FULL) + brow("[1K, 2K)", 1, FULL) + brow("[2K, 4K)", 1, FULL) + "\n")
c.c("PR #1911: hist(1024), hist(1025), hist(2047) -> one row [1K, 2K)               3")
for v in [1024, 1025, 2047]: c.op(A("log", [6], v))
c.op(HI("log", [6], "bpftrace"), "[1K, 2K)               3 |" + FULL + "|\n\n")
c.c("hist(10*1024*1024*1024) -> [8G, 16G); JSON bucket {min 8589934592, max 17179869183}")
c.op(A("log", [7], 10 * 1024**3)).op(HI("log", [7], "bpftrace"), brow("[8G, 16G)", 1, FULL) + "\n")
c.op(JS("log", sort="key1", order="desc", limit=1), '{"array":"log","entries":[{"key":[7],"value":{"count":1,"sum":10737418240,"min":10737418240,"max":10737418240,"avg":10737418240,"variance":0,"hist":[{"min":8589934592,"max":17179869183,"count":1}]}}]}\n')
c.c("2.1: stats text @stats: { .count = 3, .average = 2, .total = 6 } (and @sum: 6, @avg: 2, @min: 1, @max: 3 for 1, 2, 3)")
for v in [1, 2, 3]: c.op(A("ix", [1], v))
c.op(F("ix", "@stats: { .count = %d, .average = %d, .total = %d }\n", ["count", "avg", "sum"]), "@stats: { .count = 3, .average = 2, .total = 6 }\n")
c.op(F("ix", "@sum: %d\n@avg: %d\n@min: %d\n@max: %d\n", ["sum", "avg", "min", "max"]), "@sum: 6\n@avg: 2\n@min: 1\n@max: 3\n")
c.op(CL("ix"))
c.c("2.1: stats(-10), stats(-5), stats(5) -> @: { .count = 3, .average = -3, .total = -10 }")
for v in [-10, -5, 5]: c.op(A("ix", [1], v))
c.op(F("ix", "@: { .count = %d, .average = %d, .total = %d }\n", ["count", "avg", "sum"]), "@: { .count = 3, .average = -3, .total = -10 }\n")
c.c("2.1: keyed tuple @x[2, 1]: 2")
c.op(S("x", [2, 1], 2)).op(F("x", "@x[%d, %d]: %d\n", ["key1", "key2", "value"]), "@x[2, 1]: 2\n")
c.c("2.1: @s[curl]: { .count = 1, .average = 2, .total = 2 }")
c.op(A("cnt", ["curl"], 2)).op(A("lat", ["curl", 0], 2)).op(F("lat", "@s[%s]: { .count = %d, .average = %d, .total = %d }\n", ["key1", "count", "avg", "sum"]), "@s[curl]: { .count = 1, .average = 2, .total = 2 }\n")

# ---------------------------------------------------------------- malformed
M = 0
def mal(name, decl, prefix_ops, line, message):
    c = Case("malformed-" + name, decl, "Malformed: " + message)
    for o in prefix_ops: c.op(o)
    c.blank()
    c.bad(line, message)
    c.op(G("ll", [1]) if decl == "kinds" else {"op": "size", "array": "pfail"})
    return c

OPS = "set, add, get, has, delete, clear, size, stat, hist, print, foreach, json, counters, printf, hexdump"
ARRS = "ll, ls, sl, ss, sk, k9, st, lin, cs, bare, mm, av, va"
pre = [S("ll", [1], 1), P("ll")]
bad_json = '{"op":"get","array":"ll","key":[1]'
mal("json-unterminated", "kinds", pre, bad_json, "invalid JSON at column %d: expected ',' or '}', found end of line" % (len(bad_json) + 1))
mal("json-trailing", "kinds", pre, '{"op":"size","array":"ll"} x', "invalid JSON at column 28: unexpected character \"x\" after the JSON value")
mal("json-duplicate-field", "kinds", pre, '{"op":"get","array":"ll","key":[1],"key":[2]}', 'invalid JSON at column 36: field "key" is written twice')
mal("lone-surrogate", "kinds", pre, '{"op":"set","array":"ss","key":["\\ud800"],"value":"x"}', "invalid JSON at column 33: lone surrogate in a string (it has no UTF-8 form)")
mal("not-an-object", "kinds", pre, '[1,2]', "an operation must be a JSON object, got an array")
mal("missing-op", "kinds", pre, '{"array":"ll"}', 'missing field "op"')
mal("unknown-op", "kinds", pre, '{"op":"sett","array":"ll","key":[1],"value":1}', 'unknown op "sett" (one of %s)' % OPS)
mal("unknown-array", "kinds", pre, G("nope", [1]), 'unknown array "nope"; the declaration has %s' % ARRS)
mal("field-not-taken", "kinds", pre, '{"op":"get","array":"ll","key":[1],"value":2}', 'op "get" does not take field "value"')
mal("field-missing", "kinds", pre, '{"op":"set","array":"ll","key":[1]}', 'op "set" needs field "value"')
mal("key-arity", "kinds", pre, G("sk", ["a"]), 'array "sk" has 2 key fields, the key has 1')
mal("key-type", "kinds", pre, G("sl", [1]), 'key field 1 (s) of array "sl" must be a string, got a number')
mal("long-unsafe-number", "kinds", pre, '{"op":"set","array":"ll","key":[9007199254740992],"value":1}', 'key field 1 (k) of array "ll": 9007199254740992 is beyond ±(2^53-1) as a JSON number; write it as a string of decimal digits')
mal("long-out-of-range", "kinds", pre, S("ll", [1], "9223372036854775808"), 'value of array "ll": "9223372036854775808" is outside the int64 range')
mal("long-fraction", "kinds", pre, '{"op":"add","array":"ll","key":[1],"value":1.5}', 'value of array "ll": 1.5 is not an integer')
mal("long-bad-string", "kinds", pre, S("ll", ["+1"], 1), 'key field 1 (k) of array "ll": "+1" is not a long (decimal digits with an optional leading \'-\')')
mal("get-on-stats", "kinds", pre, G("st", ["a"]), 'get on stats array "st": read its aggregates with stat')
mal("set-on-stats", "kinds", pre, S("st", ["a"], 1), 'set on stats array "st": record samples with add')
mal("stat-on-long", "kinds", pre, ST("ll", [1], "count"), 'stat on long array "ll": only stats arrays have aggregates')
mal("hist-on-string", "kinds", pre, HI("ss", ["a"]), 'hist on string array "ss": only stats arrays have histograms')
mal("hist-without-histogram", "kinds", pre, HI("cs", [1]), 'hist on array "cs": its stats have no histogram')
mal("stat-unavailable", "kinds", pre, ST("cs", [1], "min"), 'array "cs" has no aggregate "min" (it has count, sum)')
mal("stat-bad-fn", "kinds", pre, ST("st", ["a"], "mean"), 'fn must be one of count, sum, min, max, avg, variance, got "mean"')
mal("sort-unavailable", "kinds", pre, P("bare", sort="count"), 'array "bare" has no aggregate "count" (it has none)')
mal("sort-value-on-stats", "kinds", pre, P("st", sort="value"), 'sort.by "value" on stats array "st": sort by an aggregate')
mal("sort-aggregate-on-long", "kinds", pre, JS("ll", sort="sum"), 'sort.by "sum" on long array "ll": only stats arrays have aggregates')
mal("sort-key-beyond-arity", "kinds", pre, P("sk", sort="key3"), 'sort.by "key3": array "sk" has 2 key fields')
mal("sort-bad-order", "kinds", pre, P("ll", sort="key1", order="up"), 'sort.order must be "asc" or "desc", got "up"')
mal("limit-zero", "kinds", pre, P("ll", limit=0), "limit must be an integer >= 1, got 0")
mal("limit-fraction", "kinds", pre, '{"op":"json","array":"ll","limit":2.5}', "limit must be an integer >= 1, got 2.5")
mal("printf-kind", "kinds", pre, PF("%d\n", ["x"]), "printf: argument 1 (%d) must be a long, got a string")
mal("printf-length-modifier", "kinds", pre, PF("%ld\n", [1]), "printf: length modifiers are not supported ('%ld'); longs need none")
mal("printf-unknown-conversion", "kinds", pre, PF("%y\n", [1]), "printf: unknown conversion '%y'")
mal("printf-control-in-message", "kinds", pre, PF("%l\n", [1]), "printf: length modifiers are not supported ('%l\\n'); longs need none")
mal("printf-memory", "kinds", pre, PF("%M\n", ["ab"]), "printf: %m and %M are not available in traces (a trace has no memory to dump)")
mal("printf-too-many", "kinds", pre, PF("%d\n", [1, 2]), "printf: too many arguments: the format takes 1, got 2")
mal("foreach-too-few", "kinds", pre, F("sk", "%s %d\n", ["key1"]), "printf: too few arguments: the format takes 2, got 1")
mal("foreach-kind", "kinds", pre, F("sk", "%d\n", ["key1"]), "printf: argument 1 (%d) must be a long, got a string")
mal("foreach-unknown-field", "kinds", pre, F("st", "%d\n", ["value"]), 'args[0]: "value" is not a field of the entries of array "st" (key1, count, sum, min, max, avg, variance)')
mal("foreach-unavailable-aggregate", "kinds", pre, F("cs", "%d\n", ["avg"]), 'args[0]: "avg" is not a field of the entries of array "cs" (key1, count, sum)')
mal("hexdump-odd", "kinds", pre, HX("abc"), "data must be an even-length string of hex digits")
mal("hexdump-not-hex", "kinds", pre, HX("zz"), "data must be an even-length string of hex digits")
mal("sort-unknown-field", "kinds", pre, '{"op":"print","array":"ll","sort":{"by":"key1","dir":"desc"}}', 'sort does not take field "dir"')
mal("args-not-array", "kinds", pre, '{"op":"printf","format":"%d","args":5}', "args must be a JSON array, got a number")
mal("hist-bad-style", "kinds", pre, HI("st", ["a"], "dtrace"), 'style must be "systemtap" or "bpftrace", got "dtrace"')
c = Case("malformed-first-wins", "kinds", "Only the first malformed line is reported; blank lines and comments count in the line number; nothing runs, so nothing is printed.")
c.op(S("ll", [1], 1)).op(G("ll", [1])).blank().c("a comment").op("   # an indented comment").op("  \t ")
c.bad(G("ll", [1, 2]), 'array "ll" has 1 key field, the key has 2')
c.op('{"op":"nonsense"}').op("not json")

# ---------------------------------------------------------------- write
for f in os.listdir(OUT): os.remove(OUT + f)
for name, c in ALL.items():
    text = "\n".join(c.lines) + "\n"
    open(OUT + name + ".trace.jsonl", "w", encoding="utf-8", newline="").write(text)
    if hasattr(c, "stderr"):
        open(OUT + name + ".expected.stderr", "w", encoding="utf-8", newline="").write(c.stderr)
        open(OUT + name + ".expected", "w", encoding="utf-8", newline="").write("")
    else:
        open(OUT + name + ".expected", "w", encoding="utf-8", newline="").write(c.out)
print(len(ALL), "cases")
