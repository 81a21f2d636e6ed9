-- wrk script: the county listing's first page ($LISTING) and a deep page of it ($LISTING with
-- `before=$KEY`), in turn.
local pages = {}
local n = 0

function init(args)
  pages = { os.getenv("LISTING"), os.getenv("LISTING") .. "&before=" .. os.getenv("KEY") }
end

function request()
  n = n + 1
  return wrk.format("GET", pages[n % 2 + 1])
end
