import { readFileSync, readdirSync } from 'node:fs';
import { topTotalTime, topSelfTime } from './profile';
const dir = '/tmp/w17/nprof';
const p = JSON.parse(readFileSync(`${dir}/${readdirSync(dir)[0]}`, 'utf8'));
for (const [n, ms] of topTotalTime(p, 60)) console.log(ms.toFixed(1).padStart(8), n);
console.log('--self');
for (const [n, ms] of topSelfTime(p, 30)) console.log(ms.toFixed(1).padStart(8), n);
