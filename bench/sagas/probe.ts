import { ALL_TOPICS, TOPICS } from '@jobtrack/contracts';
import { createLogger, connectKafkaMessaging } from '@jobtrack/platform';
import { performance } from 'node:perf_hooks';
const logger = createLogger({ name: 'probe', level: 'warn' });
const messaging = await connectKafkaMessaging({ service: 'probe', brokers: [process.env.KAFKA_BROKERS!], topicPrefix: process.env.KAFKA_TOPIC_PREFIX!, logger });
await messaging.createTopics(ALL_TOPICS);
const t0 = performance.now();
let done = 0;
const n = Number(process.env.N ?? 3);
await messaging.consume({ groupId: 'probe-events', topic: TOPICS.jobEvents, handle: async (e) => {
  if (n <= 3) console.log((performance.now() - t0).toFixed(1), e.jobId, e.seq, e.status, e.progress?.step, e.progress?.percent, e.progress?.message);
  if (e.status === 'JOB_STATUS_SUCCEEDED' || e.status === 'JOB_STATUS_FAILED') { done++; if (done === n) { console.log('all done', (performance.now()-t0).toFixed(0)); process.exit(0);} }
}});
console.log('consuming', (performance.now() - t0).toFixed(1));
for (let i = 0; i < n; i++) {
  const jobId = `probe-${Date.now()}-${i}`;
  await messaging.publish(TOPICS.orderCommands, jobId, { jobId, type: 'order.place', owner: 'bench', start: { inputJson: JSON.stringify({ orderId: `o-${jobId}`, items: [{ sku: 'a', quantity: 1 }], amountCents: 100, currency: 'EUR' }) } }, { id: `${jobId}:start` });
}
setTimeout(() => { console.log('timeout, done', done); process.exit(1); }, 30000);
