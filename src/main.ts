/** `npm start`: the start routine (start.ts) with the configuration from the environment. */
import { loadConfig } from './config.ts';
import { serveUntilSignal } from './start.ts';

await serveUntilSignal(loadConfig());
