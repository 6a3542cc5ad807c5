import { startCpuMeter } from '../lib/cpu-usage.ts';
import type { Hop } from './hops.ts';
import type { Figures, Measured } from './report.ts';
import { type SagaClient, StepTimings } from './sagas.ts';
import { percentiles, steadyRate } from './stats.ts';
import { type Operation, runWindowed } from './windowed.ts';

export interface SagaBenchSettings {
  /** Operations in flight in the windowed runs. */
  window: number;
  warmupSagas: number;
  sagasOneAtATime: number;
  sagasWindowed: number;
  /** Hops, relays and Redis round trips one at a time; also the hop warm-up. */
  hopsOneAtATime: number;
  hopsWindowed: number;
  stallMs: number;
}

export interface Clients {
  rawHop: Hop;
  messagingHop: Hop;
  relay: Hop;
  redis: { roundTrip(): Promise<number> };
  sagas: SagaClient;
}

export interface ScenarioResults {
  rows: Measured[];
  figures: Figures;
  /** Sagas started over the whole run, warm-up included. */
  submitted: number;
  stepsOneAtATime: ReadonlyMap<string, readonly number[]>;
}

/**
 * Runs everything in a fixed order: warm-ups (hops, then sagas), the baselines one at a time (raw hop, Messaging
 * hop, relay, Redis), the hops with the window in flight, then the sagas one at a time and with the window in
 * flight. `pids` names the processes whose CPU each row reports.
 */
export async function runScenarios(
  clients: Clients,
  settings: SagaBenchSettings,
  pids: Record<string, number>,
  onMeasured: (measured: Measured) => void,
): Promise<ScenarioResults> {
  const { window, stallMs } = settings;
  const describeStall = () => clients.sagas.describePending();
  const measure = async (
    label: string,
    run: { total: number; inFlight: number; operation: Operation; sagas?: boolean },
  ): Promise<Measured> => {
    const meter = startCpuMeter(pids);
    const result = await runWindowed({
      total: run.total,
      window: run.inFlight,
      stallMs,
      operation: run.operation,
      ...(run.sagas ? { describeStall } : {}),
    });
    const cpu = meter.stop();
    const windowed = run.inFlight > 1;
    const measured: Measured = {
      label,
      load: windowed ? `${run.inFlight} in flight` : 'one at a time',
      latency: percentiles(result.latenciesMs),
      ratePerS: windowed
        ? steadyRate(result)
        : (result.latenciesMs.length * 1000) / (result.endedAt - result.startedAt),
      cpu,
    };
    onMeasured(measured);
    return measured;
  };
  const hop =
    (client: Hop, name: string): Operation =>
    (n) =>
      client.roundTrip(`${name}-${n}`);
  // Numbered across runs, so every saga has an order id of its own and none waits for another's lock.
  let sagaNumber = 0;
  const sagaRuns =
    (timings?: StepTimings): Operation =>
    async () => {
      const outcome = await clients.sagas.run(sagaNumber++);
      timings?.add(outcome.stepsMs);
      return outcome.latencyMs;
    };
  const oneAtATime = new StepTimings();
  const windowed = new StepTimings();
  const hops = settings.hopsOneAtATime;

  for (const client of [clients.rawHop, clients.messagingHop, clients.relay]) {
    await measure('warm-up', {
      total: hops,
      inFlight: window,
      operation: hop(client, 'w'),
    });
  }
  await measure('warm-up', {
    total: settings.warmupSagas,
    inFlight: window,
    operation: sagaRuns(),
    sagas: true,
  });

  const one = { total: hops, inFlight: 1 };
  const rawHop = await measure('Kafka hop, raw kafkajs (baseline)', {
    ...one,
    operation: hop(clients.rawHop, 'seq'),
  });
  const messagingHop = await measure('Kafka hop, Messaging over KafkaBus', {
    ...one,
    operation: hop(clients.messagingHop, 'seq'),
  });
  const relay = await measure('Messaging relay: 2 hops with a consumer publishing on', {
    ...one,
    operation: hop(clients.relay, 'seq'),
  });
  const redis = await measure('Redis round trip (PING)', {
    ...one,
    operation: () => clients.redis.roundTrip(),
  });
  const many = { total: settings.hopsWindowed, inFlight: window };
  const rawHopWindowed = await measure('Kafka hop, raw kafkajs (baseline)', {
    ...many,
    operation: hop(clients.rawHop, 'win'),
  });
  const messagingHopWindowed = await measure('Kafka hop, Messaging over KafkaBus', {
    ...many,
    operation: hop(clients.messagingHop, 'win'),
  });
  const sagaOneAtATime = await measure('order.place saga', {
    total: settings.sagasOneAtATime,
    inFlight: 1,
    operation: sagaRuns(oneAtATime),
    sagas: true,
  });
  const sagaWindowed = await measure('order.place saga', {
    total: settings.sagasWindowed,
    inFlight: window,
    operation: sagaRuns(windowed),
    sagas: true,
  });

  const steps = (label: string, load: string, values: number[]): Measured => ({
    label,
    load,
    latency: percentiles(values),
  });
  const participant = 'participant step, from job events';
  const local = 'local step (confirm), from job events';
  const inFlight = `${window} sagas in flight`;
  const participantStep = steps(participant, 'one saga at a time', oneAtATime.participant);
  const confirmStep = steps(local, 'one saga at a time', oneAtATime.local);
  return {
    rows: [
      rawHop,
      messagingHop,
      relay,
      redis,
      rawHopWindowed,
      messagingHopWindowed,
      sagaOneAtATime,
      sagaWindowed,
      participantStep,
      confirmStep,
      steps(participant, inFlight, windowed.participant),
      steps(local, inFlight, windowed.local),
    ],
    figures: {
      rawHop,
      messagingHop,
      relay,
      redis,
      rawHopWindowed,
      messagingHopWindowed,
      sagaOneAtATime,
      sagaWindowed,
      participantStep,
      confirmStep,
      window,
    },
    submitted: sagaNumber,
    stepsOneAtATime: oneAtATime.byStep,
  };
}
