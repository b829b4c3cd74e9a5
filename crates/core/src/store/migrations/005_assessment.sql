-- Minyi schema version 5: what assessment (§八) records beside the appeals.
--
-- `recommendations` are the improvement recommendations (决策参考, §六) drawn from the analysis:
-- what is proposed, the finding it rests on, who owns carrying it out (a department, a person, or
-- both), and its status proposed → adopted → done, each step with its date and who recorded it.
-- Adopted recommendations count in the owner's assessment.
--
-- `rewards_penalties` are the rewards and penalties (奖励/惩罚, §八(二)(三)) given for an assessment
-- period to exactly one department or one person, with the reason and who recorded them.
-- Dates are 'YYYY-MM-DD' (CST), timestamps RFC 3339 in +08:00, as everywhere else.

CREATE TABLE recommendations (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    content             TEXT NOT NULL,
    basis               TEXT NOT NULL,
    owner_department_id INTEGER REFERENCES departments(id),
    owner_user_id       INTEGER REFERENCES users(id),
    status              TEXT NOT NULL CHECK (status IN ('proposed', 'adopted', 'done')),
    proposed_on         TEXT NOT NULL,
    adopted_on          TEXT,
    done_on             TEXT,
    recorded_by         INTEGER NOT NULL REFERENCES users(id),
    recorded_at         TEXT NOT NULL,
    adopted_by          INTEGER REFERENCES users(id),
    done_by             INTEGER REFERENCES users(id),
    CHECK (owner_department_id IS NOT NULL OR owner_user_id IS NOT NULL)
);
CREATE INDEX recommendations_proposed ON recommendations(proposed_on);
CREATE INDEX recommendations_adopted ON recommendations(adopted_on);

CREATE TABLE rewards_penalties (
    id            INTEGER PRIMARY KEY,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    user_id       INTEGER REFERENCES users(id),
    kind          TEXT NOT NULL CHECK (kind IN ('reward', 'penalty')),
    reason        TEXT NOT NULL,
    recorded_by   INTEGER NOT NULL REFERENCES users(id),
    recorded_at   TEXT NOT NULL,
    CHECK ((department_id IS NULL) <> (user_id IS NULL)),
    CHECK (period_from <= period_to)
);
CREATE INDEX rewards_penalties_period ON rewards_penalties(period_from, period_to);
