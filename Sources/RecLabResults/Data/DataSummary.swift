/// Everything the report's data section shows: where the data came from
/// (files with checksums), what it holds, what the filters dropped and what
/// each split looks like.
public struct DataSummary: Sendable, Hashable, Codable {
    public var dataset: DatasetSummary
    /// The files read, in the order read; `reclab diff` compares them.
    public var files: [DataFile]
    /// One entry per filter rule, in the order applied.
    public var filters: [FilterDrop]
    /// One entry per distinct split (per seed or fold), in trial order.
    public var splits: [SplitSummary]

    public init(dataset: DatasetSummary, files: [DataFile] = [], filters: [FilterDrop] = [], splits: [SplitSummary] = []) {
        self.dataset = dataset
        self.files = files
        self.filters = filters
        self.splits = splits
    }
}
