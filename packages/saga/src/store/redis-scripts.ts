/**
 * Lua scripts of the Redis saga store; each runs atomically. Keys are passed in KEYS (never built in Lua), so
 * ioredis applies the key prefix, and all keys of one saga type share a hash tag, so they sit in one cluster slot.
 */

/**
 * KEYS: 1 instance, 2 due set, 3 in-flight set, 4 lock, 5 lock queue.
 * ARGV: 1 saga id, 2 expected version, 3 instance JSON, 4 outbox JSON, 5 due time or '', 6 '1' if finished,
 * 7 now, 8 retention ms, 9 lock lease ms, 10 '1' if the saga has a lock key.
 * Returns the new version, or 0 when the stored version is not the expected one.
 *
 * A finished saga leaves the lock to the first saga queued for it, which is woken at once; the lock is never
 * free while someone waits, so a newcomer cannot jump the queue.
 */
export const COMMIT_SAGA = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[2]) then return 0 end
local nextVersion = version + 1
redis.call('HSET', KEYS[1], 'instance', ARGV[3], 'version', nextVersion, 'outbox', ARGV[4])
if ARGV[5] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
end
local finished = ARGV[6] == '1'
if finished then
  redis.call('SREM', KEYS[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
else
  redis.call('SADD', KEYS[3], ARGV[1])
end
if ARGV[10] == '1' then
  local holder = redis.call('GET', KEYS[4])
  if finished then
    redis.call('LREM', KEYS[5], 0, ARGV[1])
    if holder == ARGV[1] then
      local waiter = redis.call('LPOP', KEYS[5])
      if waiter then
        redis.call('SET', KEYS[4], waiter, 'PX', ARGV[9])
        redis.call('ZADD', KEYS[2], ARGV[7], waiter)
      else
        redis.call('DEL', KEYS[4])
      end
    end
  elseif holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[4], ARGV[9])
  end
end
return nextVersion`;

/**
 * KEYS: 1 instance, 2 due set. ARGV: 1 saga id, 2 version, 3 due time or '', 4 '1' to empty the outbox.
 * Does nothing if a newer version exists: its commit has set the due time already.
 */
export const SETTLE_SAGA = `
if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') ~= tonumber(ARGV[2]) then return 0 end
if ARGV[4] == '1' then redis.call('HSET', KEYS[1], 'outbox', '[]') end
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
return 1`;

/** KEYS: 1 due set. ARGV: 1 now, 2 limit, 3 claim ms. Returns the due saga ids, each pushed back by the claim. */
export const CLAIM_DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local claimedUntil = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], claimedUntil, id) end
return ids`;

/**
 * KEYS: 1 lock, 2 lock queue, 3 due set. ARGV: 1 saga id, 2 lease ms, 3 '1' to queue when busy, 4 now.
 * Returns 1 when the saga holds the lock. A lock whose holder vanished (lease run out) goes to the head of the
 * queue, if any, rather than to whoever asks first.
 */
export const TRY_LOCK = `
local holder = redis.call('GET', KEYS[1])
if not holder then
  local head = redis.call('LINDEX', KEYS[2], 0)
  if head and head ~= ARGV[1] then
    redis.call('LPOP', KEYS[2])
    redis.call('SET', KEYS[1], head, 'PX', ARGV[2])
    redis.call('ZADD', KEYS[3], ARGV[4], head)
    holder = head
  end
end
if not holder or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('LREM', KEYS[2], 0, ARGV[1])
  return 1
end
if ARGV[3] == '1' and not redis.call('LPOS', KEYS[2], ARGV[1]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
end
return 0`;
