-- Forgets rooms in which a node holds no name any more, so that its set of rooms (what the sweeper
-- looks through when the node dies) stays as small as the rooms it has members in.
-- KEYS[1] the node's set of rooms
-- ARGV[1] node; ARGV[2..] rooms the node has had no member in since it last looked
-- Key names are built here (see RedisKeys.java): this script needs a single Redis, not a cluster.
-- Returns the number of rooms forgotten.
local prefix = ARGV[1] .. '/'
local forgotten = 0
for i = 2, #ARGV do
  local holds = false
  local fields = redis.call('HVALS', 'chat:{' .. ARGV[i] .. '}:names')
  for _, raw in ipairs(fields) do
    for _, holder in ipairs(cjson.decode(raw).h) do
      if string.sub(holder, 1, #prefix) == prefix then
        holds = true
        break
      end
    end
    if holds then
      break
    end
  end
  if not holds then
    forgotten = forgotten + redis.call('SREM', KEYS[1], ARGV[i])
  end
end
return forgotten
