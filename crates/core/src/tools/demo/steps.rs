//! The seven steps of the diagram (RFC 6749 §4.4, RFC 6750 §2.1), the party (lane) each one
//! belongs to, the rule it rests on, and the states a step can be in.

/// One step of the flow, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepId {
    /// The client composes the token request (RFC 6749 §4.4.2).
    Prepare,
    /// The client sends it to the token endpoint (RFC 6749 §3.2).
    Send,
    /// The authorization server authenticates the client and checks the request
    /// (RFC 6749 §2.3, §4.4.2).
    Validate,
    /// The authorization server issues an access token (RFC 6749 §4.4.3, §5.1).
    Issue,
    /// The client keeps the token until it expires (RFC 6749 §10.3).
    Store,
    /// The client calls the protected API with the token (RFC 6750 §2.1).
    CallApi,
    /// The resource server checks the token (RFC 6750 §3).
    ApiValidate,
}

/// One of the three parties of the flow: a lifeline of the sequence diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Party {
    /// The client (RFC 6749 §1.1).
    Client,
    /// The authorization server (RFC 6749 §1.1).
    AuthorizationServer,
    /// The resource server, the protected API (RFC 6749 §1.1).
    ResourceServer,
}

impl Party {
    /// The lifelines, left to right.
    pub const ALL: [Party; 3] = [
        Party::Client,
        Party::AuthorizationServer,
        Party::ResourceServer,
    ];

    /// A stable id (a CSS hook).
    pub fn id(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::AuthorizationServer => "as",
            Self::ResourceServer => "rs",
        }
    }

    /// The party, as shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::Client => "Client",
            Self::AuthorizationServer => "Authorization server",
            Self::ResourceServer => "Resource server",
        }
    }
}

/// A step's arrow in the sequence diagram: from one lifeline to another, or to itself (the
/// party acts alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Arrow {
    /// Where the arrow starts.
    pub from: Party,
    /// Where it points.
    pub to: Party,
}

impl Arrow {
    /// Whether the party acts alone (a self-arrow on its lifeline).
    pub fn is_self(self) -> bool {
        self.from == self.to
    }

    /// The arrow in words, for those who do not see it: "Client → Authorization server", or
    /// "Client, on its own".
    pub fn text(self) -> String {
        if self.is_self() {
            format!("{}, on its own", self.from.label())
        } else {
            format!("{} → {}", self.from.label(), self.to.label())
        }
    }

    /// A stable id (a CSS hook), `client-as`, `as-client`, `client-client`…
    pub fn id(self) -> String {
        format!("{}-{}", self.from.id(), self.to.id())
    }
}

impl StepId {
    /// Every step, in flow order.
    pub const ALL: [StepId; 7] = [
        StepId::Prepare,
        StepId::Send,
        StepId::Validate,
        StepId::Issue,
        StepId::Store,
        StepId::CallApi,
        StepId::ApiValidate,
    ];

    /// A stable id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Prepare => "prepare",
            Self::Send => "send",
            Self::Validate => "validate",
            Self::Issue => "issue",
            Self::Store => "store",
            Self::CallApi => "call-api",
            Self::ApiValidate => "api-validate",
        }
    }

    /// The title shown.
    pub fn title(self) -> &'static str {
        match self {
            Self::Prepare => "Prepare request",
            Self::Send => "Send",
            Self::Validate => "Server validates credentials",
            Self::Issue => "Token issued",
            Self::Store => "Client stores token",
            Self::CallApi => "Client calls API",
            Self::ApiValidate => "API validates token",
        }
    }

    /// The step's arrow: who sends what to whom. Answers point back to the client: the token
    /// response (RFC 6749 §5.1) and the API's answer (RFC 6750 §3).
    pub fn arrow(self) -> Arrow {
        use Party::{AuthorizationServer as As, Client, ResourceServer as Rs};
        let (from, to) = match self {
            Self::Prepare | Self::Store => (Client, Client),
            Self::Send => (Client, As),
            Self::Validate => (As, As),
            Self::Issue => (As, Client),
            Self::CallApi => (Client, Rs),
            Self::ApiValidate => (Rs, Client),
        };
        Arrow { from, to }
    }

    /// The rule that defines the step.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Prepare => "RFC 6749 §4.4.2",
            Self::Send => "RFC 6749 §3.2",
            Self::Validate => "RFC 6749 §2.3, §5.2",
            Self::Issue => "RFC 6749 §4.4.3, §5.1",
            Self::Store => "RFC 6749 §10.3",
            Self::CallApi => "RFC 6750 §2.1",
            Self::ApiValidate => "RFC 6750 §3.1",
        }
    }
}

/// Where a step is. Shown as text and an icon, never by colour alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StepState {
    /// Not reached yet.
    #[default]
    Pending,
    /// Happening now.
    Active,
    /// Completed.
    Done,
    /// Went wrong here.
    Failed,
}

impl StepState {
    /// A stable id (a CSS hook).
    pub fn id(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Active => "In progress",
            Self::Done => "Done",
            Self::Failed => "Failed",
        }
    }

    /// A symbol for the state (decorative: the label says the same).
    pub fn icon(self) -> &'static str {
        match self {
            Self::Pending => "○",
            Self::Active => "◔",
            Self::Done => "✓",
            Self::Failed => "✗",
        }
    }
}

/// The step to highlight as the current one: the step in progress, else the step that
/// failed, else the last one done (`None` when no step has started).
pub fn current_step(steps: &[Step]) -> Option<StepId> {
    let find = |state| steps.iter().find(|s| s.state == state);
    find(StepState::Active)
        .or_else(|| find(StepState::Failed))
        .or_else(|| steps.iter().rev().find(|s| s.state == StepState::Done))
        .map(|s| s.id)
}

/// One step as the diagram shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Where it is.
    pub state: StepState,
    /// The data involved (secrets masked unless revealed).
    pub detail: String,
}
