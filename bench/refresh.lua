-- wrk script: refresh-token rotation. Every answer's refresh token is the one the next request spends, so each session
-- is a chain; the chains are shared by the thread's connections as a pool (a connection sends its next request only
-- after its answer has put a token back).
--   wrk -t2 -c8 -s bench/refresh.lua URL -- THREADS TOKEN...
-- Give one token per connection plus one per thread: wrk calls request() once before it connects (to check the
-- script), and the token that dry run takes is never sent.
local threadCount = 0 -- threadId is set per thread by setup()
local pool, failures = {}, 0

function setup(thread)
    threadCount = threadCount + 1
    thread:set("threadId", threadCount)
end

function init(args)
    local threads = tonumber(args[1])
    for i = 2, #args do
        if (i - 2) % threads == threadId - 1 then
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
    end
end
