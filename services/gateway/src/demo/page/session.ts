import { JobtrackClient } from '@jobtrack/client';
import { type DevToken, mintToken } from './api.ts';

/** A token this close to expiry is replaced first, so a reconnect or a refresh never presents a dying one. */
const RENEW_BEFORE_MS = 60_000;

/** The signed-in user: their dev token, renewed near its expiry, and the one SDK client watching their jobs. */
export class Session {
  readonly user: string;
  readonly client: JobtrackClient;
  #token: DevToken;
  #renewing: Promise<DevToken> | undefined;

  constructor(user: string, token: DevToken, wsUrl: string) {
    this.user = user;
    this.#token = token;
    this.client = new JobtrackClient({ wsUrl, gatewayUrl: location.origin, token: () => this.token() });
  }

  get expiresAt(): number {
    return this.#token.expiresAt;
  }

  async token(): Promise<string> {
    if (this.#token.expiresAt - Date.now() < RENEW_BEFORE_MS) {
      this.#renewing ??= mintToken(this.user).finally(() => {
        this.#renewing = undefined;
      });
      this.#token = await this.#renewing;
    }
    return this.#token.token;
  }

  replaceToken(token: DevToken): void {
    this.#token = token;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
