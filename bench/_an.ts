import { readFileSync } from 'node:fs';
import { topTotalTime } from './profile';
for (const f of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(f, 'utf8'));
  console.log('==', f);
  for (const [n, ms] of topTotalTime(p, 400)) if (ms > 8 && !/react|scheduler|^\(|performWork|Unit|renderRoot|workLoop|beginWork|complete|commit|flush|process|update[A-Z]|mount|recursively|renderWithHooks|readUpdate|applyUpdate|transact|readClients|readVar|readItem|readContent|readAny|integrate|useStore|useBound|useSync|anonymous/.test(n)) console.log(ms.toFixed(1).padStart(8), n);
}
