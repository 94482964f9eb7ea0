#!/usr/bin/env node
// The `cairn` command. The real code is bundled by `npm run build:node`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'electron', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('cairn: not built yet; run `npm run build` in the Cairn folder first.\n');
  process.exit(1);
}
require(cli);
