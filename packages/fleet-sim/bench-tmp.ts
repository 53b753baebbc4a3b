import { runFleet } from './src/index.ts';
const r = runFleet({ arrivals: { kind: 'poisson', qps: 50000, seconds: 4 }, profile: 'l40s-llama3.2-3b', pods: 700, gateways: 50, policy: 'redline', seed: 1 });
console.log(process.argv[2] ?? '', 'cpu', r.cpuMs.toFixed(0), 'wall', r.wallMs.toFixed(0), 'req', r.requests, 'p99', r.latency.p99);
