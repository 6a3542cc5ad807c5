/**
 * Lua scripts of the Redis job store; each runs atomically. Keys are passed in KEYS (never built in Lua), so
 * ioredis applies the key prefix to them.
 */

// Extends a key's life to at least ARGV-given ms, never shortening it: an owner index lives as long as its
// longest-lived job.
const EXTEND = `
local function extend(key, ttl)
  if redis.call('PTTL', key) < tonumber(ttl) then redis.call('PEXPIRE', key, ttl) end
end
`;

/**
 * KEYS: 1 job, 2 owner index, 3 unacknowledged set, 4 idempotency key (ignored without a fingerprint).
 * ARGV: 1 job JSON, 2 TTL ms, 3 creation time (score), 4 job id, 5 fingerprint or '', 6 key TTL ms,
 * 7 the claim value a caller found stale and may replace, or ''.
 * Returns {1} when created, {0} when the id is taken, {2, held} when the key is claimed.
 */
export const CREATE_JOB = `${EXTEND}
if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
if ARGV[5] ~= '' then
  local held = redis.call('GET', KEYS[4])
  if held and held ~= ARGV[7] then return {2, held} end
  redis.call('SET', KEYS[4], ARGV[4] .. ' ' .. ARGV[5], 'PX', ARGV[6])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
extend(KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
return {1}`;

/**
 * KEYS: 1 job, 2 history, 3 owner index, 4 unacknowledged set.
 * ARGV: 1 job JSON, 2 TTL ms, 3 expected seq, 4 history entry JSON, 5 history limit, 6 job id,
 * 7 '1' if the orchestrator acknowledged the job, 8 the job's update channel.
 */
export const COMMIT_JOB = `${EXTEND}
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).seq ~= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[4])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
extend(KEYS[3], ARGV[2])
if ARGV[7] == '1' then redis.call('ZREM', KEYS[4], ARGV[6]) end
redis.call('PUBLISH', ARGV[8], ARGV[1])
return 1`;
