-- Publishes one chat message to a room's stream, atomically with client-id deduplication, and keeps
-- what Redis holds of the rooms bounded (docs/RELIABILITY.md).
-- KEYS[1] the room's stream; KEYS[2] the room's client ids (hash sender:cid -> stream id);
-- KEYS[3] the order they came in (sorted set, score: milliseconds); KEYS[4] the rooms that have
-- keys (sorted set, score: milliseconds of their last message)
-- ARGV[1] MAXLEN (approximate); ARGV[2] sender name, '' for a plain client; ARGV[3] text;
-- ARGV[4] client id, '' for none; ARGV[5] its sender (key digest or connection);
-- ARGV[6] client ids kept per room; ARGV[7] room TTL (ms); ARGV[8] rooms kept; ARGV[9] room name
-- Returns {stream id, 1} for a client id seen before (nothing added), else {new stream id, 0}.
-- Each entry carries the id of the entry before it ('p'), so that a reader that finds 'p' beyond
-- what it has read knows the entries between were trimmed before it read them.
-- The rooms set spans rooms: like sweep.lua, this script needs a single Redis, not a cluster.
local cid = ARGV[4]
local field = ARGV[5] .. ':' .. cid
if cid ~= '' then
  local seen = redis.call('HGET', KEYS[2], field)
  if seen then
    return {seen, 1}
  end
end
local fields = {'t', ARGV[3]}
if ARGV[2] ~= '' then
  table.insert(fields, 'f')
  table.insert(fields, ARGV[2])
end
if cid ~= '' then
  table.insert(fields, 'c')
  table.insert(fields, cid)
end
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest then
  table.insert(fields, 'p')
  table.insert(fields, newest[1])
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(fields))
-- Protocol ids are ms * 1000 + seq: a 1000th message within one millisecond moves to the next one.
local ms, seq = string.match(id, '^(%d+)-(%d+)$')
if tonumber(seq) >= 1000 then
  redis.call('XDEL', KEYS[1], id)
  id = redis.call('XADD', KEYS[1], string.format('%.0f-0', tonumber(ms) + 1), unpack(fields))
  ms = string.match(id, '^(%d+)-')
end
local now = tonumber(ms)
local ttl = tonumber(ARGV[7])
if cid ~= '' then
  redis.call('HSET', KEYS[2], field, id)
  redis.call('ZADD', KEYS[3], now, field)
  local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
  if extra > 0 then
    local oldest = redis.call('ZPOPMIN', KEYS[3], extra)
    for i = 1, #oldest, 2 do
      redis.call('HDEL', KEYS[2], oldest[i])
    end
  end
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
redis.call('PEXPIRE', KEYS[1], ttl)
-- The rooms with keys: expired ones leave the set, and beyond the limit the least recently active
-- rooms lose their keys.
redis.call('ZADD', KEYS[4], now, ARGV[9])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. string.format('%.0f', now - ttl))
local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[8])
if over > 0 then
  for _, room in ipairs(redis.call('ZRANGE', KEYS[4], 0, over - 1)) do
    if room ~= ARGV[9] then
      local tag = 'chat:{' .. room .. '}:'
      redis.call('DEL', tag .. 'messages', tag .. 'cids', tag .. 'cid-order')
      redis.call('ZREM', KEYS[4], room)
    end
  end
end
return {id, 0}
