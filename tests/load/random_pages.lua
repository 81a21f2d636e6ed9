-- wrk script: the county listing's first page ($LISTING) filtered from a random date long before
-- any entry (`from=YYYY-MM-DD`, years 1000–1999): the same rows and the same index scan as the
-- first page, but no two requests at once ask alike, so none shares another's read
-- (`web::flights`) — the listing's own cost, as the bare handler's is.
local threads = 0
local path

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + number)
  path = os.getenv("LISTING") .. "&from="
end

function request()
  return wrk.format("GET", string.format("%s%04d-%02d-%02d", path, math.random(1000, 1999),
    math.random(12), math.random(28)))
end
