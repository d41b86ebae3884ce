import { createRequire } from 'node:module';

// `node:http` for the tracer file (infra/bundling.ts buildTracerFile aliases it here), taken with
// require() rather than as an ES module. On Node 22, Lambda's runtime, importing `node:http` as an
// ES module builds its ES-module facade, which reads every export, and three of them (WebSocket,
// CloseEvent, MessageEvent) are getters that load Node's fetch (undici, with http2, zlib and
// worker_threads): about 20 ms of a cold start for modules nothing here uses. require() gives the
// same module object without the facade. Powertools imports it only to patch it (captureHTTPs).
const http: typeof import('node:http') = createRequire(import.meta.url)('node:http');

export default http;
