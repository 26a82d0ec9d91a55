// The verifier page's Buffer: the byte reader of large records (domain/compact-inputs.ts) is written
// for Node's Buffer; in the browser the `buffer` package stands in for it (injected by the build).
export { Buffer } from 'buffer';
