// placeholder: filled in by the transports work
export {};
