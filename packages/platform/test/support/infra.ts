/** Infra tests run under scripts/with-infra.sh, which provides these; a missing one is a setup error. */
export function requireEnv(name: 'KAFKA_BROKERS' | 'REDIS_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run infra tests through scripts/with-infra.sh`);
  return value;
}
