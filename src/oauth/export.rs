//! Code export: the same request as snippets in other tools and languages. (Being written.)
