-- 32 independent users: each connection thinks for a random time (exponential, mean THINK_MS)
-- between its requests, so that arrivals are not in lock-step.
local think = tonumber(os.getenv("THINK_MS") or "20")
function setup(thread) thread:set("seed", math.random(1, 1e9)) end
function init(args) math.randomseed(seed) end
function delay() return math.floor(-think * math.log(1 - math.random())) end
