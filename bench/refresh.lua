-- wrk script: refresh-token rotation. Every answer's refresh token is the one the next request spends, so each session
-- is a chain; the chains are shared by the thread's connections as a pool (a connection sends its next request only
-- after its answer has put a token back). Only answers that rotated (200 with a token) are counted: done() prints
-- refreshes=N; wrk's own Requests/sec would also count refused ones.
--   wrk -t2 -c8 -s bench/refresh.lua URL -- THREADS TOKEN...
-- Give one token per connection plus one: wrk calls request() once on the first thread before it connects (to check
-- the script), and the token that dry run takes is never sent. A broken chain sends "none-left" (refused, not counted).
local threads = {}
local pool = {}
refreshed = 0 -- global: done() reads it from each thread with thread:get

function setup(thread)
    threads[#threads + 1] = thread
    thread:set("threadId", #threads)
end

function init(args)
    local count = tonumber(args[1])
    for i = 2, #args do
        if (i - 2) % count == threadId - 1 then
            pool[#pool + 1] = args[i]
        end
    end
end

function request()
    local token = table.remove(pool) or "none-left"
    return wrk.format("POST", "/api/auth/refresh", { ["Content-Type"] = "application/json" },
        '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
    local token = body:match('"refreshToken"%s*:%s*"([^"]+)"')
    if status == 200 and token then
        pool[#pool + 1] = token
        refreshed = refreshed + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("refreshed")
    end
    io.write(string.format("refreshes=%d\n", total))
end
