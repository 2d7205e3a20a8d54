-- Reusable job descriptions (Tidyhire creates a job per invite; a profile saves retyping it).
-- `data` is the form's JSON object; a name is unique per provider, ignoring case.
CREATE TABLE job_profiles (
    id         INTEGER PRIMARY KEY,
    provider   TEXT NOT NULL
               CHECK (provider IN ('xobin', 'interviewflow', 'tidyhire', 'hireflix', 'apploi')),
    name       TEXT NOT NULL COLLATE NOCASE,
    data       TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (provider, name)
);
