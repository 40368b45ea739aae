package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Bronze: the landing zone as it arrived, in Parquet, with ingestion metadata. Drops nothing. */
public final class Bronze {

  private Bronze() {}

  /**
   * Reads a CSV landing folder with its explicit all-string schema, adding the source file of each
   * row as {@code _source_file}.
   */
  public static Dataset<Row> readLanding(SparkSession spark, String path, StructType schema) {
    return spark
        .read()
        .schema(schema)
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .csv(path)
        .withColumn("_source_file", col("_metadata.file_name"));
  }

  /**
   * Adds the ingestion time and batch id to landing rows that carry {@code _source_file}; keeps
   * every row and every landing column unchanged.
   */
  public static Dataset<Row> ingest(Dataset<Row> landing, String batchId, Instant ingestedAt) {
    return landing
        .withColumn("_ingested_at", lit(Timestamp.from(ingestedAt)))
        .withColumn("_batch_id", lit(batchId));
  }

  /** The landing columns of {@code schema} followed by the ingestion metadata, in that order. */
  public static Dataset<Row> conform(Dataset<Row> bronze, StructType landingSchema) {
    StructType target = Schemas.bronze(landingSchema);
    Column[] columns = new Column[target.fields().length];
    StructField[] fields = target.fields();
    for (int i = 0; i < fields.length; i++) {
      columns[i] = col(fields[i].name()).cast(fields[i].dataType());
    }
    return bronze.select(columns);
  }
}
