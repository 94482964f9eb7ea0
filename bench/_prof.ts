import * as Y from 'yjs';
import { generateWorkspace } from './generate';
import { fullProjection } from '../renderer/state/projection';
const { doc } = generateWorkspace(200, 1000, 20000);
const u = Y.encodeStateAsUpdate(doc);
const d = new Y.Doc(); Y.applyUpdate(d, u);
for (let i = 0; i < 8; i++) { const t = performance.now(); fullProjection(d); console.log('proj', (performance.now() - t).toFixed(1)); }
