import RecLabResults

extension SampleSummary: SampleSummaryLike {}
