import fs from 'node:fs';
import { ID_PATTERN } from '../../shared/ids';
import type { CliCommand, OptionValues } from './command';
import { BadInput, EXIT_OK } from './errors';
import { listeningFailure, parsePort, untilStopped } from './serving';

/** Loaded when a relay command runs: Hocuspocus, Redis and SQLite are not the other commands' business. */
const relayServer = () => import('../relay/relayServer');

const DEFAULT_PORT = 4455;
const DEFAULT_DATA_DIR = 'cairn-relay-data';

const stringOption = (values: OptionValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

function dataDirOf(values: OptionValues): string {
  const dir = stringOption(values, 'data') ?? DEFAULT_DATA_DIR;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function workspaceIdOf(positionals: string[], usage: string): string {
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) throw new BadInput(`give one workspace id (usage: ${usage})`);
  if (!ID_PATTERN.test(id)) throw new BadInput(`"${id}" is not a workspace id (letters, digits, - and _)`);
  return id;
}

/** `cairn relay token|revoke WORKSPACE_ID`: what the operator does with the relay's SQLite file and secret. */
async function manageTokens(action: 'token' | 'revoke', positionals: string[], values: OptionValues, io: { stdout(text: string): void }): Promise<number> {
  const workspaceId = workspaceIdOf(positionals, `cairn relay ${action} WORKSPACE_ID [--data DIR] [--secret-file F]`);
  const { currentToken, openRelayData } = await relayServer();
  const { store, secret } = openRelayData(dataDirOf(values), stringOption(values, 'secret-file'));
  try {
    if (action === 'revoke') {
      store.revoke(workspaceId);
      io.stdout(`Every token issued so far for ${workspaceId} is revoked, on every relay instance using this data.\nThe new token:\n`);
    }
    io.stdout(`${currentToken(store, secret, workspaceId)}\n`);
  } finally {
    store.close();
  }
  return EXIT_OK;
}

/** `cairn relay`: the always-on relay (Hocuspocus), until stopped; `token` and `revoke` manage its access. */
export const relayCommand: CliCommand = {
  name: 'relay',
  usage: 'cairn relay [token|revoke WORKSPACE_ID] [--port P] [--host H] [--data DIR] [--redis URL] [--secret-file F]',
  summary:
    'run the always-on relay for workspaces (Hocuspocus; SQLite in --data, several instances with --redis); ' +
    '`token` prints a workspace\'s access token, `revoke` revokes its tokens and prints the new one. ' +
    'The relay\'s operator can read every workspace it serves: run it behind TLS (wss://), see docs/relay.md',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    redis: { type: 'string' },
    'secret-file': { type: 'string' },
  },
  async run(positionals, values, io) {
    const [action, ...rest] = positionals;
    if (action === 'token' || action === 'revoke') return manageTokens(action, rest, values, io);
    if (action !== undefined) throw new BadInput(`unknown relay action "${action}"; use token or revoke`);
    const host = stringOption(values, 'host') ?? '0.0.0.0';
    const port = parsePort(values.port, DEFAULT_PORT);
    const { startRelay } = await relayServer();
    let relay;
    try {
      relay = await startRelay({ host, port, dataDir: dataDirOf(values), secretFile: stringOption(values, 'secret-file'), redisUrl: stringOption(values, 'redis') });
    } catch (error) {
      throw listeningFailure(error, host, port);
    }
    io.stdout(`Cairn relay listening on ws://${host}:${relay.port} (put it behind TLS for wss://)\nStop it with Ctrl+C.\n`);
    await untilStopped();
    await relay.close();
    return EXIT_OK;
  },
};
