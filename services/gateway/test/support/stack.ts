import { createJobServiceApi } from '@jobtrack/contracts';
import type { JobStore } from '@jobtrack/job-service';
import { startJobService } from '@jobtrack/job-service';
import {
  createDevTokenIssuer,
  createLogger,
  createTokenVerifier,
  type DevTokenIssuer,
  Health,
  type MessageBus,
  Messaging,
} from '@jobtrack/platform';
import { startGateway } from '../../src/gateway.ts';

export interface GatewayStack {
  baseUrl: string;
  messaging: Messaging;
  issuer: DevTokenIssuer;
  token(user: string): Promise<string>;
  stop(): Promise<void>;
}

/** A job service and a gateway in this process on free ports, over the given bus and store. */
export async function startGatewayStack(options: {
  bus: MessageBus;
  /** The gateway's own bus, when it should differ from the job service's (e.g. an unreachable Kafka). */
  gatewayBus?: MessageBus;
  store: JobStore;
  topicPrefix?: string;
  devAuth?: boolean;
}): Promise<GatewayStack> {
  const logger = createLogger({ name: 'gateway-test', level: 'silent' });
  const messaging = new Messaging({
    bus: options.bus,
    source: 'test',
    topicPrefix: options.topicPrefix,
    logger,
  });
  const issuer = await createDevTokenIssuer({ issuer: 'jobtrack-dev', audience: 'jobtrack' });
  const policy = { activeTtlMs: 60_000, retentionMs: 60_000 };
  const jobService = await startJobService({
    store: options.store,
    messaging,
    logger,
    health: new Health(),
    policy,
    address: '127.0.0.1:0',
  });
  const api = createJobServiceApi(`127.0.0.1:${jobService.port}`);
  const gatewayMessaging = options.gatewayBus
    ? new Messaging({
        bus: options.gatewayBus,
        source: 'test-gateway',
        topicPrefix: options.topicPrefix,
        logger,
      })
    : messaging;
  const gateway = await startGateway({
    jobService: api,
    messaging: gatewayMessaging,
    verifier: createTokenVerifier({ keys: issuer.keys, issuer: 'jobtrack-dev', audience: 'jobtrack' }),
    devIssuer: options.devAuth === false ? undefined : issuer,
    logger,
    health: new Health(),
    port: 0,
    maxBodyBytes: 16 * 1024,
  });
  return {
    baseUrl: `http://127.0.0.1:${gateway.port}`,
    messaging,
    issuer,
    token: async (user) => (await issuer.mint(user)).token,
    async stop() {
      await gateway.stop();
      api.close();
      await jobService.stop();
      await options.store.close();
      await options.gatewayBus?.close();
    },
  };
}

export const validOrder = {
  orderId: 'o-1',
  items: [{ sku: 'sku-1', quantity: 2 }],
  amountCents: 1999,
  currency: 'EUR',
};
