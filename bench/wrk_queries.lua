-- wrk script: each request is the next of the benchmark's queries (bench/queries.txt's third
-- column), cycling, with size=10. The query file is named by the QUERIES environment variable.
-- Each wrk thread starts at a different point of the cycle so threads do not ask in lockstep.
local paths = {}
local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for line in io.lines(os.getenv("QUERIES")) do
  if line:sub(1, 1) ~= "#" and line ~= "" then
    local q = line:match("^[^\t]*\t[^\t]*\t(.*)$")
    if q then paths[#paths + 1] = "/api/search?size=10&q=" .. urlencode(q) .. (os.getenv("EXTRA") or "") end
  end
end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 7)
end
function init(args)
  i = start or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
