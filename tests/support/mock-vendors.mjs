// Local mock servers for the five vendors, for the end-to-end tests and the benchmarks. Each
// route checks the method, path, key header, Content-Type, User-Agent and every body field the
// way the vendor's documents describe, answers like the vendor's documented example, and records
// what it received. Anything unexpected gets a 400 naming the problem, so a test sees it.
import { createServer } from "node:http";

const XOBIN_FIELDS = ["candidate_name", "candidate_email", "ai_interview_id", "invite_format", "start_date", "expiry_date", "custom_field_id"];
const IFAI_FIELDS = ["name", "email", "jobId", "status", "resumeUrl", "skills", "customQuestions", "additionalFields", "metadata"];
const TIDY_FIELDS = ["external_id", "job_title", "job_description", "experience_level", "seniority_level", "work_type", "employment_type", "location", "must_have_skills", "good_to_have_skills", "candidates", "interview_settings", "metadata"];
const TIDY_ENUMS = {
  experience_level: ["Fresher", "1-2 Years", "2-5 Years", "5-8 Years", "8-12 Years", "Above 12 Years"],
  seniority_level: ["Entry", "Mid", "Senior", "Lead", "Principal", "Staff"],
  work_type: ["Remote", "On Site", "Hybrid"],
  employment_type: ["Full Time", "Part Time", "Contract", "Freelance"],
};
const APPLOI_FIELDS = ["date", "duration", "timezone", "location", "interviewerId", "interviewerTeamId", "interviewerEmail"];

class Reject extends Error {}
function must(cond, what) {
  if (!cond) throw new Reject(what);
}
function onlyKnown(body, allowed) {
  for (const k of Object.keys(body)) must(allowed.includes(k), `unexpected field ${k}`);
  for (const [k, v] of Object.entries(body)) must(v !== null && v !== "", `field ${k} sent empty (omit it instead)`);
}
function nonEmptyString(v, what) {
  must(typeof v === "string" && v.trim() !== "", `${what} must be a non-empty string`);
}

/**
 * Starts the mock on 127.0.0.1 (random port). `keys` maps provider id → the expected API key.
 * `opts.delayMs()` (optional) gives how long to hold each answer: a slow vendor for the crash test.
 */
export async function startMockVendors(keys, opts = {}) {
  const delayMs = opts.delayMs ?? (() => 0);
  const received = [];
  let seq = 7420;
  // The vendors' side of the loop after sending: Xobin's invite status per response id (set by a
  // test with setXobinStatus), the Hireflix positions and interview statuses, Apploi's applicants.
  const xobinStatus = new Map();
  const hireflixStatus = new Map();
  const positions = opts.positions ?? [
    { id: "5f1a2b3c4d5e6f7a8b9c0d1e", name: "Customer Success Manager", archived: null },
    { id: "5f1a2b3c4d5e6f7a8b9c0d1f", name: "Backend Engineer (Rust)", archived: null },
    { id: "5f1a2b3c4d5e6f7a8b9c0d20", name: "Summer Intern 2024", archived: 1719792000000 },
  ];
  const applicants = opts.applicants ?? [
    { id: 265733753, first_name: "Maria", last_name: "Lopez", email: "maria.lopez@example.com", job_id: 88123, job_title: "Registered Nurse (Nights)" },
    { id: 265733754, name: "Sam O'Neil", email: "sam.oneil@example.com", job: { id: 88124, name: "Caregiver" } },
  ];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://mock");
      let entry = null;
      const send = (status, obj) => {
        const answer = () => {
          if (entry) entry.status = status;
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(obj));
        };
        const ms = entry ? delayMs() : 0;
        if (ms > 0) setTimeout(answer, ms);
        else answer();
      };
      if (req.method === "GET" && url.pathname === "/__requests") return send(200, received);
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = undefined;
      }
      entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, status: null };
      received.push(entry);
      try {
        if (req.method === "GET") {
          must(raw === "", "a GET has no body");
          must(!("content-type" in req.headers), "a GET has no Content-Type");
        } else {
          must(body !== undefined && body !== null && typeof body === "object", "body must be a JSON object");
          must((req.headers["content-type"] ?? "").startsWith("application/json"), "Content-Type must be application/json");
        }
        must(/^InviteDesk\/\d+\.\d+\.\d+/.test(req.headers["user-agent"] ?? ""), "User-Agent must name Invite Desk and its version");
        must((req.headers.accept ?? "").includes("application/json"), "Accept must be application/json");
        const invited = url.pathname.match(/^\/xobin\/ai-interviews\/invited\/(\d+)$/);
        if (invited) {
          must(req.method === "GET", "Xobin's invited list is a GET");
          must(req.headers.apikey === keys.xobin, "Xobin apiKey header missing or wrong");
          const list = received
            .filter((r) => r.path === "/xobin/ai-interviews/invite" && r.status === 200 && String(r.body?.ai_interview_id) === invited[1])
            .map((r) => ({ ai_interview_id: Number(invited[1]), candidate_id: 90000 + r.responseId, invite_status: xobinStatus.get(r.responseId) ?? "Pending", last_updated_at: new Date().toUTCString(), response_id: r.responseId }));
          return send(200, list);
        }
        if (url.pathname === "/xobin/ai-interviews/settings/general") {
          must(req.method === "GET", "Xobin's general settings are a GET");
          if (req.headers.apikey !== keys.xobin) return send(401, { error: "Invalid API key" });
          return send(200, { general: { cutoff: 6, duration: { min: 10, max: 30 }, mobile_friendly: true, voice: ["en-US", "female"], language: "English" } });
        }
        const report = url.pathname.match(/^\/xobin\/ai-interviews\/report\/(\d+)$/);
        if (report) {
          must(req.method === "GET", "Xobin's report is a GET");
          must(req.headers.apikey === keys.xobin, "Xobin apiKey header missing or wrong");
          const rid = Number(report[1]);
          if (xobinStatus.get(rid) !== "Completed") return send(404, { error: "Report is available once the interview is completed" });
          return send(200, { response_id: rid, ai_interview_id: 305, ai_interview_name: "Senior Data Engineer", invite_status: "Completed", score: 7.8, recommendation: "Recommended", report_link: `https://acme.xobin.com/interviews/ai/report/shared/${rid}`, completed_date: "Dec 02, 2026, 9:14:03 AM" });
        }
        if (url.pathname === "/xobin/ai-interviews/invite/revoke") {
          must(req.method === "PATCH", "Xobin revoke is a PATCH");
          must(req.headers.apikey === keys.xobin, "Xobin apiKey header missing or wrong");
          onlyKnown(body, ["response_id", "notify_candidate"]);
          must(Number.isInteger(body.response_id), "response_id must be an integer");
          must(typeof body.notify_candidate === "boolean", "notify_candidate must be a boolean");
          if (xobinStatus.get(body.response_id) === "Revoked") return send(200, { status: "ALREADY_REVOKED", message: "This invite was already revoked." });
          xobinStatus.set(body.response_id, "Revoked");
          return send(200, { status: "REVOKED", message: "Invite revoked successfully." });
        }
        if (url.pathname === "/hireflix" && typeof body?.query === "string" && !body.query.includes("inviteCandidateToInterview")) {
          must(req.method === "POST", "Hireflix GraphQL is a POST");
          must(req.headers["x-api-key"] === keys.hireflix, "Hireflix X-API-KEY header missing or wrong");
          if (/positions\s*\{\s*id\s+name\s+archived\s*\}/.test(body.query)) return send(200, { data: { positions } });
          if (/interview\(id:\s*\$id\)/.test(body.query)) {
            nonEmptyString(body.variables?.id, "variables.id");
            const st = hireflixStatus.get(body.variables.id) ?? "pending";
            return send(200, { data: { interview: { id: body.variables.id, status: st, answered: st === "pending" ? null : Date.now(), completed: st === "pending" ? null : Date.now(), score: st === "pending" ? null : { value: 4.5 }, url: { public: `https://app.hireflix.com/${body.variables.id}`, short: "https://hflx.io/c/x", private: `https://admin.hireflix.com/interviews/${body.variables.id}` } } } });
          }
          return send(400, { errors: [{ message: "mock: unknown query", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
        }
        if (url.pathname === "/ifai/fetch/candidates") {
          must(req.method === "POST", "InterviewFlowAI Fetch is a POST");
          must(req.headers["x-api-key"] === keys.interviewflow, "InterviewFlowAI X-API-KEY header missing or wrong");
          onlyKnown(body, ["interviewerId", "interviewId", "page", "limit", "additionalFields"]);
          nonEmptyString(body.interviewerId, "interviewerId");
          const made = received.find((r) => r.path === "/ifai/ingest/candidate" && r.interviewId === body.interviewId);
          return send(200, { data: made ? [{ id: body.interviewId, jobId: body.interviewerId, email: made.body.email, status: "shortlisted" }] : [], page: 1, limit: body.limit ?? 10 });
        }
        if (url.pathname === "/apploi/applicants") {
          must(req.method === "GET", "Apploi's applicants list is a GET");
          must(req.headers["x-api-key"] === keys.apploi, "Apploi x-api-key header missing or wrong");
          must(req.headers._authorization === "legacy-dummy-token", "Apploi _authorization header missing or wrong");
          const limit = Number(url.searchParams.get("limit"));
          const offset = Number(url.searchParams.get("offset"));
          must(Number.isInteger(limit) && limit > 0 && Number.isInteger(offset) && offset >= 0, "limit and offset must be numbers");
          const q = (url.searchParams.get("query") ?? "").toLowerCase();
          const hits = applicants.filter((a) => !q || JSON.stringify(a).toLowerCase().includes(q));
          return send(200, { data: hits.slice(offset, offset + limit), total: hits.length });
        }
        const id = ++seq;
        if (url.pathname === "/xobin/ai-interviews/invite") {
          must(req.method === "POST", "Xobin invite is a POST");
          must(req.headers.apikey === keys.xobin, "Xobin apiKey header missing or wrong");
          onlyKnown(body, XOBIN_FIELDS);
          nonEmptyString(body.candidate_name, "candidate_name");
          nonEmptyString(body.candidate_email, "candidate_email");
          must(Number.isInteger(body.ai_interview_id), "ai_interview_id must be an integer");
          must(["getlink", "sendlink"].includes(body.invite_format), "invite_format must be getlink or sendlink");
          for (const d of ["start_date", "expiry_date"]) if (d in body) must(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(body[d]), `${d} must be YYYY-MM-DD HH:MM`);
          const token = Buffer.from(`${id}:${body.candidate_email}`).toString("hex").toUpperCase();
          entry.responseId = id;
          return send(200, {
            email: body.candidate_email, ai_interview_id: body.ai_interview_id, ai_interview_name: "Senior Data Engineer",
            response_id: id, invite_link: `https://acme.xobin.com/app/copilot/interview/cl/1A2B3C4D5E?inviteToken=${token}`,
            name: body.candidate_name, status: "Invite Link created", ...(body.custom_field_id ? { custom_field_id: body.custom_field_id } : {}),
          });
        }
        if (url.pathname === "/ifai/ingest/candidate") {
          must(req.method === "POST", "InterviewFlowAI ingest is a POST");
          must(req.headers["x-api-key"] === keys.interviewflow, "InterviewFlowAI X-API-KEY header missing or wrong");
          onlyKnown(body, IFAI_FIELDS);
          nonEmptyString(body.name, "name");
          must(body.name === body.name.trim(), "name must be trimmed");
          nonEmptyString(body.email, "email");
          must(body.email === body.email.toLowerCase(), "email must be lowercased");
          nonEmptyString(body.jobId, "jobId");
          if ("status" in body) must(["shortlisted", "draft"].includes(body.status), "status must be shortlisted or draft");
          const interviewId = `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`;
          entry.interviewId = interviewId;
          return send(201, {
            data: { id: interviewId, jobId: body.jobId, name: body.name, email: body.email, status: body.status ?? "shortlisted", createdAt: new Date().toISOString(), interviewLink: `https://app.interviewflowai.com/form?interviewId=${interviewId}` },
            code: 201, message: "Interview link created successfully",
          });
        }
        if (url.pathname === "/tidyhire/interview/invite") {
          must(req.method === "POST", "Tidyhire invite is a POST");
          must(req.headers["x-tidyhire-api-key"] === keys.tidyhire, "x-tidyhire-api-key header missing or wrong");
          onlyKnown(body, TIDY_FIELDS);
          for (const f of ["external_id", "job_title", "job_description", "location"]) nonEmptyString(body[f], f);
          for (const [f, values] of Object.entries(TIDY_ENUMS)) must(values.includes(body[f]), `${f} must be one of ${values.join(", ")}`);
          must(Array.isArray(body.must_have_skills) && body.must_have_skills.length >= 3, "must_have_skills needs at least 3");
          must(Array.isArray(body.good_to_have_skills), "good_to_have_skills must be an array");
          must(Array.isArray(body.candidates) && body.candidates.length >= 1, "candidates needs at least 1");
          for (const c of body.candidates) { nonEmptyString(c.name, "candidates[].name"); nonEmptyString(c.email, "candidates[].email"); }
          return send(200, {
            success: true,
            data: {
              project_id: "64a1b2c3d4e5f6a7b8c9d0e1", job_url: "https://jobs.tidyhire.app/company/acme/job/64a1b2c3d4e5f6a7b8c9d0e2",
              project_login_url: "https://beta.tidyhire.app/app/projects/64a1b2c3d4e5f6a7b8c9d0e1",
              interviews: body.candidates.map((c, i) => ({ id: `64a1b2c3d4e5f6a7b8c9${String(id + i).padStart(4, "0")}`, name: c.name, email: c.email, ...(c.phone ? { phone: c.phone } : {}), metadata: c.metadata ?? {} })),
            },
          });
        }
        if (url.pathname === "/hireflix") {
          must(req.method === "POST", "Hireflix GraphQL is a POST");
          must(req.headers["x-api-key"] === keys.hireflix, "Hireflix X-API-KEY header missing or wrong");
          nonEmptyString(body.query, "query");
          must(body.query.includes("inviteCandidateToInterview") && body.query.includes("InviteCandidateToInterviewInput!"), "query must be the inviteCandidateToInterview mutation");
          must(body.query.includes("__typename") && body.query.includes("InterviewType"), "query must select __typename and the InterviewType branch");
          // Each error branch aliases its own fields: one response name with two types across
          // union members makes GraphQL refuse the whole document.
          for (const m of body.query.matchAll(/\.\.\. on (\w+Error) \{([^{}]*)/g)) must(!/(^|\s)(code|name|message)(\s|$)/.test(m[2].replace(/\w+:\s*\w+/g, "")), `${m[1]} selects a field without an alias`);
          const vars = body.variables ?? {};
          const inputs = Object.values(vars);
          must(inputs.length >= 1, "variables must carry the input");
          const data = {};
          const aliases = [...body.query.matchAll(/(\w+)\s*:\s*inviteCandidateToInterview/g)].map((m) => m[1]);
          const names = aliases.length ? aliases : ["inviteCandidateToInterview"];
          names.forEach((name, i) => {
            const input = inputs[i];
            nonEmptyString(input?.positionId, "input.positionId");
            nonEmptyString(input?.candidate?.email, "input.candidate.email");
            nonEmptyString(input?.candidate?.firstName, "input.candidate.firstName");
            nonEmptyString(input?.candidate?.lastName, "input.candidate.lastName");
            const iid = `6489${String(id + i).padStart(20, "0")}`;
            data[name] = { __typename: "InterviewType", id: iid, url: { public: `https://app.hireflix.com/${iid}`, short: `https://hflx.io/c/${iid.slice(-8)}` } };
          });
          return send(200, { data });
        }
        const apploi = url.pathname.match(/^\/apploi\/applicants\/(\d+)\/interviews$/);
        if (apploi) {
          must(req.method === "PUT", "Apploi schedule is a PUT");
          must(req.headers["x-api-key"] === keys.apploi, "Apploi x-api-key header missing or wrong");
          must(req.headers._authorization === "legacy-dummy-token", "Apploi _authorization header (as Apploi's own client sends it) missing or wrong");
          onlyKnown(body, APPLOI_FIELDS);
          must(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(body.date ?? ""), "date must be ISO 8601 with Z");
          must(/^\d+$/.test(body.duration ?? ""), "duration must be an integer string");
          nonEmptyString(body.timezone, "timezone");
          if (!("interviewerId" in body)) must("interviewerTeamId" in body && "interviewerEmail" in body, "interviewerId or interviewerTeamId + interviewerEmail");
          return send(200, { message: "Interview scheduled" });
        }
        return send(404, { error: `mock: no route ${req.method} ${url.pathname}` });
      } catch (e) {
        if (e instanceof Reject) return send(400, { error: `mock: ${e.message}` });
        throw e;
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    received,
    baseUrls: {
      xobin: `${base}/xobin`,
      interviewflow: `${base}/ifai`,
      tidyhire: `${base}/tidyhire`,
      hireflix: `${base}/hireflix`,
      apploi: `${base}/apploi`,
    },
    setXobinStatus: (responseId, status) => xobinStatus.set(Number(responseId), status),
    setHireflixStatus: (interviewId, status) => hireflixStatus.set(interviewId, status),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
