-- Records a chat.v1 name joining or leaving a room on a node, and tells the other nodes.
-- KEYS[1] the room's online hash (name -> node); KEYS[2] the node's set of rooms
-- ARGV[1] 'join' or 'leave'; ARGV[2] room; ARGV[3] name; ARGV[4] node; ARGV[5] presence channel
local event = cjson.encode({room = ARGV[2], event = ARGV[1], name = ARGV[3], node = ARGV[4]})
if ARGV[1] == 'join' then
  redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[2])
  redis.call('PUBLISH', ARGV[5], event)
  return 1
end
-- A leave removes the name only if this node still holds it (another node may have it now).
if redis.call('HGET', KEYS[1], ARGV[3]) == ARGV[4] then
  redis.call('HDEL', KEYS[1], ARGV[3])
  redis.call('PUBLISH', ARGV[5], event)
  return 1
end
return 0
