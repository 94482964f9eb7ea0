import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Workspace tokens: HMAC-SHA-256 over the workspace id and the workspace's
 * token generation, keyed with a secret only the relay holds. Nothing is
 * stored per token; revoking a workspace's tokens raises its generation (in
 * the relay's SQLite file), after which every token issued before no longer
 * matches. A token names no workspace and no generation, so it says nothing
 * to whoever holds a wrong one.
 */

const SECRET_BYTES = 32;
const DEFAULT_SECRET_FILE = 'relay-secret';

export function tokenFor(secret: Buffer, workspaceId: string, generation: number): string {
  return createHmac('sha256', secret).update(`cairn-relay-token\n${workspaceId}\n${generation}`).digest('base64url');
}

/**
 * Constant-time comparison of a presented token with the expected one. Both
 * are hashed first so that the comparison runs on equal lengths whatever was
 * presented, and its time says nothing about how much of it was right.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The relay's secret: from `secretFile` when given (it must exist), otherwise
 * `relay-secret` under the data directory, created with 0600 on first use.
 */
export function loadRelaySecret(dataDir: string, secretFile?: string): Buffer {
  if (secretFile !== undefined) return readSecret(secretFile);
  const file = path.join(dataDir, DEFAULT_SECRET_FILE);
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: of several instances starting at once one creates
    // it, and none ever reads a half-written secret.
    const aside = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(aside, randomBytes(SECRET_BYTES).toString('base64') + '\n', { mode: 0o600 });
    try {
      fs.linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(aside, { force: true });
    }
  }
  return readSecret(file);
}

class SecretUnusable extends Error {
  override name = 'SecretUnusable';
}

function readSecret(file: string): Buffer {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.length < 16) throw new SecretUnusable(`${file} holds no usable secret (at least 16 characters are needed)`);
  return Buffer.from(text, 'utf8');
}
