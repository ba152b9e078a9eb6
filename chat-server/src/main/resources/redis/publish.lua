-- Publishes one chat message to a room's stream, atomically with client-id deduplication.
-- KEYS[1] the room's stream; KEYS[2] the sender's client-id key (ignored without a cid)
-- ARGV[1] MAXLEN (approximate); ARGV[2] sender name, '' for a plain client; ARGV[3] text;
-- ARGV[4] client id, '' for none; ARGV[5] seconds a client id is remembered
-- Returns {stream id, 1} for a client id seen before (nothing added), else {new stream id, 0}.
local cid = ARGV[4]
if cid ~= '' then
  local seen = redis.call('GET', KEYS[2])
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
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(fields))
-- Protocol ids are ms * 1000 + seq: a 1000th message within one millisecond moves to the next one.
local ms, seq = string.match(id, '^(%d+)-(%d+)$')
if tonumber(seq) >= 1000 then
  redis.call('XDEL', KEYS[1], id)
  id = redis.call('XADD', KEYS[1], string.format('%.0f-0', tonumber(ms) + 1), unpack(fields))
end
if cid ~= '' then
  redis.call('SET', KEYS[2], id, 'EX', ARGV[5])
end
return {id, 0}
