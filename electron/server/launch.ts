import path from 'node:path';
import { defaultLaunchDependencies, launch } from './launcher';

// `npm start` / `npm run web` (dist/electron/launch.cjs): the app folder is two levels up.
launch(process.argv.slice(2), defaultLaunchDependencies(path.resolve(__dirname, '..', '..'))).then(
  (result) => {
    if (typeof result === 'number') process.exit(result);
    const stop = () => void result.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(`cairn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
