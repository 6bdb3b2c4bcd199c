if (args is ["s3parquet", ..])
{
    return await Orasi.Benchmarks.S3Parquet.S3ParquetWriteBench.RunAsync(args[1..]);
}

return 0;
