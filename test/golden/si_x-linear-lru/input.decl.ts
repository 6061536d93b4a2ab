import { defineArrays } from "probegen";

export default defineArrays({
  module: "http",
  arrays: {
    latency: {
      keys: { route: "string", status: "long" },
      value: { stats: { hist: { linear: { start: 0, stop: 1000, interval: 50 } } } },
      onFull: "lru",
      display: true,
    },
  },
});
