import { readFileSync } from 'node:fs';
import { topTotalTime, topSelfTime } from './profile';
for (const f of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(f, 'utf8'));
  console.log('==', f);
  for (const [n, ms] of topTotalTime(p, 2000)) if (ms > 3 && /^(use[A-Z]|select|[A-Z][a-z])/.test(n) && !/^(Virtualizer|FiberNode|Avatar)$/.test(n)) console.log(ms.toFixed(1).padStart(8), n);
}
