-- wrk script: GET a random verification path from $SAMPLE (one `/verify?t=<token>` per line,
-- written by the seed_certificates generator). `init` only reads the lines (see lookup.lua: wrk
-- runs it while other threads are already measuring, so it must stay short).
local paths = {}

function init(args)
  for line in io.lines(os.getenv("SAMPLE")) do paths[#paths + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
