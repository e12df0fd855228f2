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

/// Who acts in a step: where it sits in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// The client alone.
    Client,
    /// From the client to the authorization server.
    ClientToServer,
    /// The authorization server alone.
    Server,
    /// From the client to the resource server.
    ClientToResource,
    /// The resource server alone.
    Resource,
}

impl Lane {
    /// A stable id (a CSS hook).
    pub fn id(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::ClientToServer => "client-as",
            Self::Server => "as",
            Self::ClientToResource => "client-rs",
            Self::Resource => "rs",
        }
    }

    /// The parties, as shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::Client => "Client",
            Self::ClientToServer => "Client → Authorization server",
            Self::Server => "Authorization server",
            Self::ClientToResource => "Client → Resource server",
            Self::Resource => "Resource server",
        }
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

    /// Where the step sits.
    pub fn lane(self) -> Lane {
        match self {
            Self::Prepare | Self::Store => Lane::Client,
            Self::Send => Lane::ClientToServer,
            Self::Validate | Self::Issue => Lane::Server,
            Self::CallApi => Lane::ClientToResource,
            Self::ApiValidate => Lane::Resource,
        }
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
