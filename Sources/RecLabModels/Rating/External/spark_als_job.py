"""RecLab's Spark ALS job: fits pyspark.ml.recommendation.ALS on the training
ratings RecLab staged and writes the learned factors back for RecLab.

RecLab runs it with `spark-submit [--master M] [--conf k=v]... job.py ARGS`
(Sources/RecLabModels/Rating/External/SparkALS.swift) and computes every
metric itself from the factors, as it does for its own models.

Input: --train, a headerless CSV of `user,item,rating` rows (RecLab's inner
ids, 32-bit integers; ratings as shortest round-trip float32 text), read with
Spark so that on a cluster it may be an hdfs:// or s3a:// URI. With
--upload-from LOCAL, the driver first copies the local file LOCAL to --train
through Hadoop's FileSystem API (client deploy mode: the driver runs where
RecLab runs) and deletes the folder holding that copy at the end.

Output, in the local folder --out (written by the driver, last file last):
  user_ids.i32, item_ids.i32: the ids Spark learned factors for, int32 LE;
  user_factors.f32, item_factors.f32: rank float32 LE values per id, same order;
  result.json: {"rank", "users", "items", "fit_seconds", "spark_version"},
  written only when everything before it was written (RecLab reads nothing
  without it).
"""
import argparse
import array
import json
import os
import sys
import time

from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession
from pyspark.sql.types import FloatType, IntegerType, StructField, StructType


def parse_args(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--upload-from")
    ap.add_argument("--out", required=True)
    ap.add_argument("--rank", type=int, required=True)
    ap.add_argument("--max-iter", type=int, required=True)
    ap.add_argument("--reg-param", type=float, required=True)
    ap.add_argument("--implicit-prefs", choices=["true", "false"], required=True)
    ap.add_argument("--alpha", type=float, required=True)
    ap.add_argument("--nonnegative", choices=["true", "false"], required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--num-user-blocks", type=int, required=True)
    ap.add_argument("--num-item-blocks", type=int, required=True)
    return ap.parse_args(argv)


def hadoop_path(spark, uri):
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(conf), path


def write_side(out, name, rows, rank):
    ids = array.array("i", (r[0] for r in rows))
    values = array.array("f")
    for r in rows:
        if len(r[1]) != rank:
            raise SystemExit(f"factor of {name} {r[0]} has {len(r[1])} values, expected {rank}")
        values.extend(r[1])
    if sys.byteorder != "little":
        ids.byteswap()
        values.byteswap()
    with open(os.path.join(out, f"{name}_ids.i32"), "wb") as f:
        ids.tofile(f)
    with open(os.path.join(out, f"{name}_factors.f32"), "wb") as f:
        values.tofile(f)


def main():
    args = parse_args(sys.argv[1:])
    spark = SparkSession.builder.appName("reclab-spark-als").getOrCreate()
    uploaded = None
    try:
        if args.upload_from:
            fs, dst = hadoop_path(spark, args.train)
            fs.copyFromLocalFile(False, True, spark.sparkContext._jvm.org.apache.hadoop.fs.Path(args.upload_from), dst)
            uploaded = (fs, dst)
        schema = StructType([
            StructField("user", IntegerType(), False),
            StructField("item", IntegerType(), False),
            StructField("rating", FloatType(), False),
        ])
        train = spark.read.csv(args.train, schema=schema, header=False, mode="FAILFAST")
        als = ALS(
            rank=args.rank, maxIter=args.max_iter, regParam=args.reg_param,
            implicitPrefs=args.implicit_prefs == "true", alpha=args.alpha,
            nonnegative=args.nonnegative == "true", seed=args.seed,
            numUserBlocks=args.num_user_blocks, numItemBlocks=args.num_item_blocks,
            userCol="user", itemCol="item", ratingCol="rating")
        t0 = time.monotonic()
        model = als.fit(train)
        users = model.userFactors.collect()
        items = model.itemFactors.collect()
        fit_seconds = time.monotonic() - t0
        write_side(args.out, "user", users, args.rank)
        write_side(args.out, "item", items, args.rank)
        result = {"rank": args.rank, "users": len(users), "items": len(items),
                  "fit_seconds": fit_seconds, "spark_version": spark.version}
        with open(os.path.join(args.out, "result.json.tmp"), "w") as f:
            json.dump(result, f)
        os.replace(os.path.join(args.out, "result.json.tmp"), os.path.join(args.out, "result.json"))
    finally:
        if uploaded:
            # The copy's folder is this fit's own (RecLab names it after its staging folder).
            uploaded[0].delete(uploaded[1].getParent(), True)
        spark.stop()


if __name__ == "__main__":
    main()
