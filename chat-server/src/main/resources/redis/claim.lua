-- Claims a chat.v1 name in a room for one connection, and tells the other nodes when this node
-- starts holding it. A name belongs to one owner (the digest of a key) and is held by that owner's
-- connections on any nodes; a name joined without a key is one connection's.
-- KEYS[1] the room's names hash (name -> {"o": owner, "h": [node/connection, ...]});
-- KEYS[2] the node's set of rooms; KEYS[3] the node's heartbeat; KEYS[4] the set of nodes
-- ARGV[1] room; ARGV[2] name; ARGV[3] owner, '' without a key; ARGV[4] node; ARGV[5] connection;
-- ARGV[6] most connections per name; ARGV[7] presence channel; ARGV[8] heartbeat lifetime (ms);
-- ARGV[9] '1' to restore a hold this node had before Redis lost it: no owner or limit check
-- Returns {status, revived}: status 1 claimed, 0 taken, 2 too many connections; revived 1 when the
-- node's heartbeat had expired, so that other nodes may have swept its names: it must restore them.
local node = ARGV[4]
local prefix = node .. '/'
local revived = 0
if redis.call('EXISTS', KEYS[3]) == 0 then
  revived = 1
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[8])
end
local raw = redis.call('HGET', KEYS[1], ARGV[2])
local entry
if raw then
  entry = cjson.decode(raw)
  if ARGV[9] ~= '1' then
    if ARGV[3] == '' or entry.o ~= ARGV[3] then
      return {0, revived}
    end
    if #entry.h >= tonumber(ARGV[6]) then
      return {2, revived}
    end
  end
else
  entry = {o = ARGV[3], h = {}}
end
local here = false
for _, holder in ipairs(entry.h) do
  if holder == prefix .. ARGV[5] then
    return {1, revived}
  end
  if string.sub(holder, 1, #prefix) == prefix then
    here = true
  end
end
table.insert(entry.h, prefix .. ARGV[5])
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode(entry))
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[4], node)
if not here then
  redis.call('PUBLISH', ARGV[7],
    cjson.encode({room = ARGV[1], event = 'join', name = ARGV[2], node = node}))
end
return {1, revived}
