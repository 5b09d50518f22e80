/**
 * The sandbox worker thread (started by sandbox-wiring.ts `startSandboxWorker`): opens the fake PGs'
 * own database, serves them, reports its URL to the gateway thread and closes on its word.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { osThreadId } from './thread-cpu.ts';
import { openSandboxDb, startSandbox, type SandboxWorkerData } from './sandbox-wiring.ts';

const data = workerData as SandboxWorkerData;
try {
  const db = await openSandboxDb(data);
  const sandbox = await startSandbox(db, data);
  parentPort!.on('message', (m) => {
    if (m !== 'close') return;
    sandbox.close().then(() => db.close()).finally(() => process.exit(0));
  });
  // Its OS thread id lets the gateway's benchmark route read this thread's CPU (thread-cpu.ts).
  parentPort!.postMessage({ url: sandbox.url, tid: osThreadId() });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
}
