import fs from 'node:fs';
import { ID_PATTERN } from '../../shared/ids';
import { trustedProxies } from '../relay/clientAddress';
import { inconsistentLimits, RELAY_LIMITS, type RelayLimits } from '../relay/relayLimits';
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

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const LIMIT_NAMES = Object.keys(RELAY_LIMITS) as (keyof RelayLimits)[];
/** One option per limit, named after it: `--max-connections-per-address`, `--bytes-per-second`, … */
const limitOptions = Object.fromEntries(LIMIT_NAMES.map((name) => [kebab(name), { type: 'string' as const }]));

/** The limits given on the command line (whole numbers; the relay checks that they work together). */
function limitsOf(values: OptionValues): Partial<RelayLimits> {
  const limits: Partial<RelayLimits> = {};
  for (const name of LIMIT_NAMES) {
    const value = stringOption(values, kebab(name));
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) === 0) {
      throw new BadInput(`--${kebab(name)} must be a whole number above 0, not "${value}"`);
    }
    limits[name] = Number(value);
  }
  return limits;
}

/** `--trust-proxy 10.0.0.1,10.0.0.2` or a CIDR range: the reverse proxies whose X-Forwarded-For is believed. */
function trustProxyOf(values: OptionValues): string[] | undefined {
  const value = stringOption(values, 'trust-proxy');
  if (value === undefined) return undefined;
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new BadInput('--trust-proxy needs the address of at least one reverse proxy');
  try {
    trustedProxies(entries);
  } catch (error) {
    throw new BadInput(`--trust-proxy: ${(error as Error).message}`);
  }
  return entries;
}

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
  usage:
    'cairn relay [token|revoke WORKSPACE_ID] [--port P] [--host H] [--data DIR] [--redis URL] [--secret-file F] [--trust-proxy ADDR[,ADDR]] ' +
    `[${LIMIT_NAMES.map((name) => `--${kebab(name)} N`).join('] [')}]`,
  summary:
    'run the always-on relay for workspaces (Hocuspocus; SQLite in --data, several instances with --redis); ' +
    '`token` prints a workspace\'s access token, `revoke` revokes its tokens and prints the new one. ' +
    'The relay\'s operator can read every workspace it serves: run it behind TLS (wss://), see docs/relay.md. ' +
    'Behind a reverse proxy, --trust-proxy names it so that per-address limits count each client; the limits are in docs/relay.md',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    redis: { type: 'string' },
    'secret-file': { type: 'string' },
    'trust-proxy': { type: 'string' },
    ...limitOptions,
  },
  async run(positionals, values, io) {
    const [action, ...rest] = positionals;
    if (action === 'token' || action === 'revoke') return manageTokens(action, rest, values, io);
    if (action !== undefined) throw new BadInput(`unknown relay action "${action}"; use token or revoke`);
    const host = stringOption(values, 'host') ?? '0.0.0.0';
    const port = parsePort(values.port, DEFAULT_PORT);
    const limits = limitsOf(values);
    const problems = inconsistentLimits({ ...RELAY_LIMITS, ...limits }, (name) => `--${kebab(name)}`);
    if (problems.length > 0) throw new BadInput(problems.join('\n'));
    const trustProxy = trustProxyOf(values);
    const { startRelay } = await relayServer();
    let relay;
    try {
      relay = await startRelay({ host, port, dataDir: dataDirOf(values), secretFile: stringOption(values, 'secret-file'), redisUrl: stringOption(values, 'redis'), limits, trustProxy });
    } catch (error) {
      throw listeningFailure(error, host, port);
    }
    io.stdout(`Cairn relay listening on ws://${host}:${relay.port} (put it behind TLS for wss://)\nStop it with Ctrl+C.\n`);
    await untilStopped();
    await relay.close();
    return EXIT_OK;
  },
};
