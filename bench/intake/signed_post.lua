-- wrk: like the seed receiver's signed_post.lua (each thread posts its own slice of pre-signed submissions),
-- plus a count of answers by status at the end, so the benchmark can prove every 202 was stored, and the source
-- as a fourth argument (the same bodies under another source are new submissions).
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter); counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  path = args[1]; nthreads = tonumber(args[2]); target = args[3] or "/api/v1/approvals"; source = args[4] or "crew-a"
  reqs = {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == id then
      local tab = string.find(line, "\t")
      table.insert(reqs, {string.sub(line, 1, tab - 1), string.sub(line, tab + 1)})
    end
    i = i + 1
  end
  n = 0; accepted = 0; other = 0
end
function request()
  n = n + 1
  local r = reqs[((n - 1) % #reqs) + 1]
  return wrk.format("POST", target, {["Content-Type"] = "application/json", ["X-Webhook-Signature"] = r[1], ["X-Webhook-Source"] = source}, r[2])
end
function response(status, headers, body)
  if status == 202 or status == 200 then accepted = accepted + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("accepted"); o = o + t:get("other") end
  io.write(string.format("ANSWERS accepted=%d other=%d\n", a, o))
end
