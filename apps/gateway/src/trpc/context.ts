import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import { bearerToken } from '../auth/admin-token.ts';
import type { GatewayServices } from '../services.ts';

export interface Context {
  services: GatewayServices;
  /** The presented bearer token (API key or admin token), if any. */
  token: string | undefined;
}

export function contextFactory(services: GatewayServices) {
  return ({ req }: CreateHTTPContextOptions): Context => ({
    services,
    token: bearerToken(req.headers.authorization),
  });
}
