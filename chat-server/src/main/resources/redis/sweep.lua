-- Removes the holds of every node whose heartbeat key has expired, announcing each name the node
-- held as left by it (claim.lua describes the holds). Atomic, so when several nodes sweep at once
-- each leave is announced once.
-- Key names are built here (see RedisKeys.java): this script needs a single Redis, not a cluster.
-- ARGV[1] presence channel. Returns the number of names the dead nodes held.
local removed = 0
for _, node in ipairs(redis.call('SMEMBERS', 'chat:nodes')) do
  if redis.call('EXISTS', 'chat:node:' .. node) == 0 then
    local prefix = node .. '/'
    local roomsKey = 'chat:node:' .. node .. ':rooms'
    for _, room in ipairs(redis.call('SMEMBERS', roomsKey)) do
      local names = 'chat:{' .. room .. '}:names'
      local fields = redis.call('HGETALL', names)
      for i = 1, #fields, 2 do
        local entry = cjson.decode(fields[i + 1])
        local kept = {}
        for _, holder in ipairs(entry.h) do
          if string.sub(holder, 1, #prefix) ~= prefix then
            table.insert(kept, holder)
          end
        end
        if #kept < #entry.h then
          if #kept == 0 then
            redis.call('HDEL', names, fields[i])
          else
            entry.h = kept
            redis.call('HSET', names, fields[i], cjson.encode(entry))
          end
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
