import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';

function kafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
}

/** Messages on a topic now: the sum over its partitions of high watermark minus low. */
export async function countMessages(brokers: string[], topic: string): Promise<number> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Removes the topics a run created under its own prefix, so a reused Kafka does not collect them. */
export async function deleteTopics(brokers: string[], prefix: string): Promise<number> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((name) => name.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}

/** Removes the keys a run wrote under its own prefix, so a reused Redis does not keep its jobs for a day. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
