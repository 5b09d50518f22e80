/** `npm run bench`: the REST API benchmark (bench/api). The other benches here run on their own; see README.md. */
await import('./api/run.ts');
