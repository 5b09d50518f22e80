/** `npm run bench`: every benchmark suite under bench/ in turn (today: the REST API, bench/api). */
await import('./api/run.ts');
