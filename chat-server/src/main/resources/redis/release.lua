-- Ends one connection's hold on a chat.v1 name (see claim.lua), and tells the other nodes when
-- this node no longer holds the name.
-- KEYS[1] the room's names hash
-- ARGV[1] room; ARGV[2] name; ARGV[3] node; ARGV[4] connection; ARGV[5] presence channel
-- Returns 1 if the hold existed, else 0.
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then
  return 0
end
local entry = cjson.decode(raw)
local prefix = ARGV[3] .. '/'
local kept, found, here = {}, false, false
for _, holder in ipairs(entry.h) do
  if holder == prefix .. ARGV[4] then
    found = true
  else
    table.insert(kept, holder)
    if string.sub(holder, 1, #prefix) == prefix then
      here = true
    end
  end
end
if not found then
  return 0
end
if #kept == 0 then
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  entry.h = kept
  redis.call('HSET', KEYS[1], ARGV[2], cjson.encode(entry))
end
if not here then
  redis.call('PUBLISH', ARGV[5],
    cjson.encode({room = ARGV[1], event = 'leave', name = ARGV[2], node = ARGV[3]}))
end
return 1
