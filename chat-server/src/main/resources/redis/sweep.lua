-- Removes the presence of every node whose heartbeat key has expired, announcing each name's leave.
-- Atomic, so when several nodes sweep at once each leave is announced once.
-- Key names are built here (see RedisKeys.java): this script needs a single Redis, not a cluster.
-- ARGV[1] presence channel. Returns the number of names removed.
local removed = 0
for _, node in ipairs(redis.call('SMEMBERS', 'chat:nodes')) do
  if redis.call('EXISTS', 'chat:node:' .. node) == 0 then
    local roomsKey = 'chat:node:' .. node .. ':rooms'
    for _, room in ipairs(redis.call('SMEMBERS', roomsKey)) do
      local online = 'chat:{' .. room .. '}:online'
      local fields = redis.call('HGETALL', online)
      for i = 1, #fields, 2 do
        if fields[i + 1] == node then
          redis.call('HDEL', online, fields[i])
          redis.call('PUBLISH', ARGV[1],
            cjson.encode({room = room, event = 'leave', name = fields[i], node = node}))
          removed = removed + 1
        end
      end
    end
    redis.call('DEL', roomsKey, 'chat:node:' .. node .. ':wake')
    redis.call('SREM', 'chat:nodes', node)
  end
end
return removed
