# The dashboard in a container: installs from the hashed lock and runs as a non-root user.
# Not built on the project's machines (no container engine); tests/test_container_recipe.py runs
# the app from exactly the files the COPY lines below take. See docs/deploy.md.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md dashboard.py ./
COPY .streamlit ./.streamlit
COPY app ./app
COPY ledger ./ledger
COPY data ./data
COPY docs ./docs
RUN useradd --create-home reader
USER reader
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0", \
     "--server.headless=true", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
